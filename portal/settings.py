"""Django settings for Pustaka, read from the environment (see docs/configuration.md).

Local defaults need no set-up: SQLite and files under ``var/``, generated secrets.
``PUSTAKA_ENV=production`` switches on the checks in ``portal.production`` that refuse
insecure defaults.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from portal import production
from portal.config import (
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    read_or_create_secret,
)
from portal.dbconfig import tune_server_database
from portal.stackenv import read_stack_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env_path("PUSTAKA_VAR_DIR", BASE_DIR / "var")
PUSTAKA_ENV = env_str("PUSTAKA_ENV", "local")
IS_PRODUCTION = PUSTAKA_ENV == "production"

SECRET_KEY = env_str("SECRET_KEY") or (
    "" if IS_PRODUCTION else read_or_create_secret(VAR_DIR / "secret_key")
)
DEBUG = env_bool("PUSTAKA_DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "catalogue",
    "visitors",
    "search",
    "patrons",
    "feedback",
    "scanning",
    "portal",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.headers.SecurityHeadersMiddleware",
    "portal.security.signin.StaffIdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its page
]

ROOT_URLCONF = "portal.urls"
# Pages behind a plain login_required are staff pages: they send the signed-out to the
# staff sign-in. Patrons' pages name their own (portal/sign_in.py, PATRON_LOGIN_URL).
LOGIN_URL = "admin:login"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.shell.staff_nav",  # the staff shell's grouped navigation
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL names a server -----------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'pustaka.sqlite3'}"
DATABASES: dict[str, dict[str, Any]] = {"default": dict(dj_database_url.parse(DATABASE_URL))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Connection reuse, health checks and an optional pool: see portal/dbconfig.py.
    tune_server_database(DATABASES["default"])
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; the timeout rides out
    # short write locks instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so worker processes started by integration tests share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-pustaka.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; older hashes still verify and are upgraded on sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Axes first: it refuses a locked-out account before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language: Indonesian first, English available ----------------------------------
LANGUAGE_CODE = env_str("PUSTAKA_LANGUAGE", "id")
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = env_str("PUSTAKA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Files: Django storage API, local folder by default, S3-compatible on request ---
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# pdf.js for the search page viewer, from the pinned npm package (package.json), served by
# whitenoise like our own files; the Docker image copies the package to PUSTAKA_PDFJS_DIR.
PDFJS_DIR = env_path("PUSTAKA_PDFJS_DIR", BASE_DIR / "node_modules" / "pdfjs-dist")
# Chart.js for the staff charts and the digitisation monitor, the same way (package.json).
CHARTJS_DIR = env_path("PUSTAKA_CHARTJS_DIR", BASE_DIR / "node_modules" / "chart.js" / "dist")
STATICFILES_DIRS = [
    ("pdfjs/build", PDFJS_DIR / "build"),
    ("pdfjs/web", PDFJS_DIR / "web"),
    ("chartjs", CHARTJS_DIR),
]
STORAGE_ROOT = env_path("PUSTAKA_STORAGE_ROOT", VAR_DIR / "storage")
MEDIA_ROOT = STORAGE_ROOT
STORAGE_BACKEND = env_str("PUSTAKA_STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION") or None,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
else:
    _default_storage = {
        # FileSystemStorage whose saves are whole or absent; a full disk is a clear error.
        "BACKEND": "catalogue.storage.WholeFileSystemStorage",
        "OPTIONS": {"location": str(STORAGE_ROOT), "file_permissions_mode": 0o640},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Broker, workers and search ------------------------------------------------------
# Explicit variables win; then what a running `pustaka run` chose; then the defaults.
_stack = read_stack_env(VAR_DIR)
REDIS_URL = env_str("REDIS_URL") or _stack.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
MEILISEARCH_URL = (
    env_str("MEILISEARCH_URL") or _stack.get("MEILISEARCH_URL") or "http://127.0.0.1:7700"
)
MEILISEARCH_API_KEY = env_str("MEILISEARCH_API_KEY") or _stack.get("MEILISEARCH_API_KEY", "")
MEILISEARCH_INDEX_PREFIX = env_str("MEILISEARCH_INDEX_PREFIX", "pustaka")
# Online readers search inside pages after signing in (service standard); anonymous
# visitors then search titles and metadata only.
SEARCH_FULLTEXT_REQUIRES_LOGIN = env_bool("PUSTAKA_SEARCH_FULLTEXT_REQUIRES_LOGIN", default=True)
# Intake inbox: a finished softcopy without a publication whose pages name exactly one
# record by catalogue number and year is attached without a librarian (off by default).
INTAKE_AUTO_ACCEPT = env_bool("PUSTAKA_INTAKE_AUTO_ACCEPT", default=False)
# A reindex mark older than this is a crashed reindex: flushes ignore it (search.reindex).
SEARCH_REINDEX_STALE_SECONDS = env_int("PUSTAKA_SEARCH_REINDEX_STALE_SECONDS", 1800)

# Components /healthz reports but does not require (e.g. "scanner" on a host without SANE).
HEALTH_OPTIONAL_COMPONENTS = env_list("PUSTAKA_HEALTH_OPTIONAL", [])

OCR_TASK_SOFT_TIME_LIMIT = env_int("PUSTAKA_OCR_SOFT_TIME_LIMIT", 600)
OCR_TASK_TIME_LIMIT = env_int("PUSTAKA_OCR_TIME_LIMIT", 900)
# Merging a whole job into PDF/A (workers/tasks.py assemble_job): a 300-page job takes minutes.
ASSEMBLE_TASK_SOFT_TIME_LIMIT = env_int("PUSTAKA_ASSEMBLE_SOFT_TIME_LIMIT", 1800)
ASSEMBLE_TASK_TIME_LIMIT = env_int("PUSTAKA_ASSEMBLE_TIME_LIMIT", 2400)
# Where a worker unpacks one page or job while it works ("" = the system's temporary folder).
SCRATCH_DIR = env_str("PUSTAKA_SCRATCH_DIR")
# A worker host keeps the originals it reads (content-addressed, never changed) under
# SCRATCH_DIR/pustaka-inputs up to this size, so a big PDF is fetched once, not per page.
INPUT_CACHE_MB = env_int("PUSTAKA_INPUT_CACHE_MB", 2048)
# The staff monitor calls a queued page stalled after this long (catalogue/selectors/monitor.py).
MONITOR_QUEUED_STALLED_SECONDS = env_int("PUSTAKA_MONITOR_QUEUED_STALLED_SECONDS", 900)
# Recovery (workers/recovery.py, docs/reliability.md): the reconciler's period and how
# old unfinished work must be before it checks whether its message still lives.
RECONCILE_INTERVAL = env_int("PUSTAKA_RECONCILE_INTERVAL", 60)
RECONCILE_QUEUED_AFTER = env_int("PUSTAKA_RECONCILE_QUEUED_AFTER", 60)
# No attempt outlives the hard time limit: after it a silent worker's page is not running.
RECONCILE_PROCESSING_AFTER = env_int("PUSTAKA_RECONCILE_PROCESSING_AFTER", OCR_TASK_TIME_LIMIT + 60)
RECONCILE_ASSEMBLING_AFTER = env_int("PUSTAKA_RECONCILE_ASSEMBLING_AFTER", 120)

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task Redis has handed out is re-delivered after this long unacknowledged;
# it must outlast the longest hard time limit or acks_late tasks run twice at once.
# Above the longest task's hard limit, so a slow task is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(OCR_TASK_TIME_LIMIT * 4, ASSEMBLE_TASK_TIME_LIMIT + 600)
}

# --- Backups (backups/, docs/backup.md) --------------------------------------------
# A folder on another disk (a mounted USB disk or NAS share) survives a dead disk.
BACKUP_DIR = env_path("PUSTAKA_BACKUP_DIR", VAR_DIR / "backups")
BACKUP_SCHEDULE = env_bool("PUSTAKA_BACKUP_SCHEDULE", default=True)  # nightly, by beat
BACKUP_HOUR = env_int("PUSTAKA_BACKUP_HOUR", 2)  # WIB, after the nightly purges
BACKUP_MINUTE = env_int("PUSTAKA_BACKUP_MINUTE", 30)
BACKUP_KEEP_DAILY = env_int("PUSTAKA_BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("PUSTAKA_BACKUP_KEEP_WEEKLY", 4)
BACKUP_KEEP_MONTHLY = env_int("PUSTAKA_BACKUP_KEEP_MONTHLY", 6)
BACKUP_KEEP_WITHIN_HOURS = env_int("PUSTAKA_BACKUP_KEEP_WITHIN_HOURS", 24)  # all of these
# /healthz warns when the newest good backup is older than this, and when free space
# under the storage or backup folder falls below DISK_MIN_FREE_MB.
BACKUP_MAX_AGE_HOURS = env_int("PUSTAKA_BACKUP_MAX_AGE_HOURS", 36)
DISK_MIN_FREE_MB = env_int("PUSTAKA_DISK_MIN_FREE_MB", 5 * 1024)

# --- Visitor services (service standard SK 038A/2023) -------------------------------
VISITOR_RETENTION_DAYS = env_int("PUSTAKA_VISITOR_RETENTION_DAYS", 365)  # then anonymised
# A complainant's name/email/phone is kept only to reply (docs/feedback.md).
FEEDBACK_CONTACT_RETENTION_DAYS = env_int("PUSTAKA_FEEDBACK_CONTACT_RETENTION_DAYS", 365)
SERVICE_LEVEL_SECONDS = env_int("PUSTAKA_SERVICE_LEVEL_SECONDS", 300)  # the 5-minute promise
QUEUE_AMBER_SECONDS = env_int("PUSTAKA_QUEUE_AMBER_SECONDS", 240)
GUESTBOOK_DUPLICATE_SECONDS = env_int("PUSTAKA_GUESTBOOK_DUPLICATE_SECONDS", 120)

# --- OAI-PMH data provider at /oai (docs/oai-pmh.md) ---------------------------------
OAI_REPOSITORY_NAME = env_str("PUSTAKA_OAI_REPOSITORY_NAME", "Perpustakaan PST BPS Kota Pariaman")
# Draws the page files of `pustaka demo`'s softcopies; development code (bench/), looked up
# by name so the product never imports it. Absent (production image): no demo softcopies.
DEMO_PAGE_WRITER = env_str("PUSTAKA_DEMO_PAGE_WRITER", "bench.demo_pages.write_pages")
OAI_REPOSITORY_DOMAIN = env_str("PUSTAKA_OAI_DOMAIN", "pst.pariamankota.bps.go.id")
OAI_ADMIN_EMAILS = env_list("PUSTAKA_OAI_ADMIN_EMAILS", ["pst1377@bps.go.id"])
# The site's public root for links that leave it (QR codes, emails, OAI): "" when unset,
# and then each link uses the request's address (portal/public_urls.py), or
# PUBLIC_BASE_URL below when there is no request (mail sent by a worker).
PUBLIC_URL = env_str("PUSTAKA_PUBLIC_URL")
OAI_PAGE_SIZE = env_int("PUSTAKA_OAI_PAGE_SIZE", 100)
OAI_TOKEN_MAX_AGE = env_int("PUSTAKA_OAI_TOKEN_MAX_AGE", 24 * 3600)  # seconds

# --- Email (SMTP in production; files under var/mail locally) -----------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Perpustakaan BPS Kota Pariaman <pst1377@bps.go.id>"
)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Uploads (catalogue/services/upload_limits.py): checked before anything is stored --
UPLOAD_MAX_BYTES = env_int("PUSTAKA_UPLOAD_MAX_BYTES", 500 * 1024 * 1024)  # per file
UPLOAD_MAX_PAGES = env_int("PUSTAKA_UPLOAD_MAX_PAGES", 2000)  # per PDF or TIFF
UPLOAD_MAX_PIXELS = env_int("PUSTAKA_UPLOAD_MAX_PIXELS", 150_000_000)  # per image page

# --- Scanner stations and scan-to-email (scanning/, portal/agent/) ------------------
SCAN_PAGE_MAX_BYTES = env_int("PUSTAKA_SCAN_PAGE_MAX_BYTES", 200 * 1024 * 1024)  # one page
SCAN_EMAIL_MAX_ATTACHMENT_BYTES = env_int("PUSTAKA_SCAN_EMAIL_MAX_BYTES", 10 * 1024 * 1024)
SCAN_LINK_DAYS = env_int("PUSTAKA_SCAN_LINK_DAYS", 14)  # download links in scan-to-email mail
PUBLIC_BASE_URL = PUBLIC_URL or "http://127.0.0.1:8000"  # links built with no request
# Mail is slow I/O, not OCR: a site may give it a queue (and a small worker) of its own.
SCAN_DELIVERY_QUEUE = env_str("PUSTAKA_SCAN_DELIVERY_QUEUE", "default")

# --- Online patrons (patrons/, portal/patrons/; docs/patrons.md) ---------------------
PATRON_VERIFY_LINK_HOURS = env_int("PUSTAKA_PATRON_VERIFY_LINK_HOURS", 48)
PATRON_DOWNLOAD_LINK_DAYS = env_int("PUSTAKA_PATRON_DOWNLOAD_LINK_DAYS", 7)
PATRON_UNVERIFIED_DAYS = env_int("PUSTAKA_PATRON_UNVERIFIED_DAYS", 7)  # then deleted
PATRON_INACTIVE_DAYS = env_int("PUSTAKA_PATRON_INACTIVE_DAYS", 3 * 365)  # then erased
# At most one account email per address in this interval (re-registration, notices).
PATRON_MAIL_INTERVAL_SECONDS = env_int("PUSTAKA_PATRON_MAIL_INTERVAL_SECONDS", 600)

# --- Security ------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sign-in lockout (portal/security/signin.py, docs/security.md): per account, both pages.
AXES_FAILURE_LIMIT = env_int("PUSTAKA_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PUSTAKA_SIGNIN_LOCKOUT_MINUTES", 15))
# Per account, not per address: the desk PCs and the kiosk share one address, and one
# mistyping visitor must not lock out the whole library. (axes.W006 warns of exactly that.)
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.signin.lockout_response"
AXES_USERNAME_CALLABLE = "portal.security.signin.lockout_username"
AXES_VERBOSE = False
# A staff session on a shared desk PC ends after this long without a request.
STAFF_IDLE_SECONDS = env_int("PUSTAKA_STAFF_IDLE_MINUTES", 30) * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Browsers remember to use HTTPS only (sent on HTTPS responses; 0 turns it off).
    SECURE_HSTS_SECONDS = env_int("PUSTAKA_HSTS_SECONDS", 365 * 24 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("PUSTAKA_LOG_LEVEL", "INFO")},
}

production.refuse_insecure_defaults(globals())
