"""What each host of the bed runs: exact argument lists and the environment of Pustaka's
own processes. Services bind the host's lan address only, so every other host — and
the test driver — reaches them over the network."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from common import tasknames
from portal.stack import services
from portal.stack.postgres import server_bindir

BIN = Path(sys.executable).parent
REPO_ROOT = Path(__file__).resolve().parents[2]
PORTS = {"redis": 6379, "postgres": 5432, "meilisearch": 7700, "portal": 8000, "s3": 5000}
BUCKET = "pustaka-bed"


@dataclass(frozen=True)
class Secrets:
    redis: str
    postgres_admin: str
    postgres: str
    meilisearch: str
    django: str
    s3_key: str = "pustaka-bed"
    s3_secret: str = "pustaka-bed-secret"


def as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the ``postgres`` user."""
    if os.geteuid() != 0:
        return args
    return [shutil.which("runuser") or "runuser", "-u", "postgres", "--", *args]


def postgres_init(data: Path, admin_password: str, subnet: str) -> list[str]:
    """initdb a cluster whose network clients need a password; returns the server command."""
    bindir = server_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (Debian package postgresql)")
    data.parent.mkdir(parents=True, exist_ok=True)
    pwfile = data.parent / "pg-admin-password"
    pwfile.write_text(admin_password)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(data.parent, user.pw_uid, user.pw_gid)
        os.chown(pwfile, user.pw_uid, user.pw_gid)
    subprocess.run(
        as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                     f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
                     "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with (data / "pg_hba.conf").open("a") as hba:
        hba.write(f"host all all {subnet}.0/24 scram-sha-256\n")
    return as_postgres([str(bindir / "postgres"), "-D", str(data)])


def postgres_options(address: str, sockets: Path) -> list[str]:
    return ["-c", f"listen_addresses={address}", "-p", str(PORTS["postgres"]),
            "-c", f"unix_socket_directories={sockets}", "-c", "fsync=off",
            "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]  # fmt: skip


def redis(address: str, password: str, data: Path) -> list[str]:
    data.mkdir(parents=True, exist_ok=True)
    return [str(services.redis_binary()), "--bind", address, "--port", str(PORTS["redis"]),
            "--requirepass", password, "--dir", str(data), "--daemonize", "no",
            "--appendonly", "no", "--save", "", "--logfile", ""]  # fmt: skip


def meilisearch(address: str, key: str, data: Path) -> list[str]:
    args = services.meilisearch_command(
        port=PORTS["meilisearch"], db_path=data / "data.ms", master_key=key,
        dump_dir=data / "dumps",
    )  # fmt: skip
    args[args.index("--http-addr") + 1] = f"{address}:{PORTS['meilisearch']}"
    return args


def s3_server(address: str) -> list[str]:
    return [str(BIN / "moto_server"), "-H", address, "-p", str(PORTS["s3"])]


def portal(address: str, web_workers: int = 2) -> list[str]:
    return [str(BIN / "gunicorn"), "portal.wsgi:application",
            "--bind", f"{address}:{PORTS['portal']}", "--workers", str(web_workers),
            "--threads", "4", "--timeout", "60", "--graceful-timeout", "5"]  # fmt: skip


def celery_worker(node: str, queues: list[str], concurrency: int) -> list[str]:
    args = services.celery_worker_command(concurrency=concurrency, hostname=node)
    args[args.index("--queues") + 1] = ",".join(queues)
    return args


def server_queues() -> list[str]:
    return [q for q in tasknames.ALL_QUEUES if q != tasknames.QUEUE_OCR]


def beat(schedule: Path) -> list[str]:
    return [str(BIN / "celery"), "-A", "workers.celery", "beat", "--loglevel", "INFO",
            "--schedule", str(schedule)]  # fmt: skip


def pustaka_env(
    *, home: Path, server: str, s3: str, secrets: Secrets, extra: dict[str, str]
) -> dict[str, str]:
    """The environment of every Pustaka process of the bed: services by address, files
    in the bucket, and nothing of the machine's own ``var/`` or test services."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PUSTAKA_", "S3_", "MEILISEARCH_", "CELERY_"))
        and k not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "TMPDIR")
    }
    for sub in ("var", "tmp", "scratch"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        PATH=f"{BIN}:{env.get('PATH', '/usr/bin:/bin')}",
        # Every host runs the same code (docs/scaling.md); its working folder is its own.
        PYTHONPATH=str(REPO_ROOT),
        SECRET_KEY=secrets.django,
        ALLOWED_HOSTS=f"{server},localhost,127.0.0.1",
        DATABASE_URL=f"postgres://pustaka:{secrets.postgres}@{server}:{PORTS['postgres']}/pustaka",
        REDIS_URL=f"redis://:{secrets.redis}@{server}:{PORTS['redis']}/0",
        MEILISEARCH_URL=f"http://{server}:{PORTS['meilisearch']}",
        MEILISEARCH_API_KEY=secrets.meilisearch,
        PUSTAKA_STORAGE_BACKEND="s3",
        S3_BUCKET=BUCKET,
        S3_ENDPOINT_URL=f"http://{s3}:{PORTS['s3']}",
        S3_ACCESS_KEY_ID=secrets.s3_key,
        S3_SECRET_ACCESS_KEY=secrets.s3_secret,
        S3_REGION="us-east-1",
        PUSTAKA_VAR_DIR=str(home / "var"),
        # No local storage folder on any host: a stray local write would land here, empty.
        PUSTAKA_STORAGE_ROOT=str(home / "no-local-storage"),
        PUSTAKA_SCRATCH_DIR=str(home / "scratch"),
        TMPDIR=str(home / "tmp"),
        PUSTAKA_BACKUP_SCHEDULE="0",
        PUSTAKA_HEALTH_OPTIONAL="scanner,backup",
        OMP_THREAD_LIMIT="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env
