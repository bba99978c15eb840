"""Headers on every page, HSTS in production, /healthz details, OAI sets, XML entities,
formula cells in exports, upload limits before storing, no self-promotion in the admin."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from PIL import Image

from catalogue.exchange.cells import cell_restore, safe_cell
from catalogue.exchange.marc import publication_import_marc
from catalogue.exchange.marc_files import XML_ENTITIES
from catalogue.models import DigitisationJob, JobInput, Publication, Subject
from portal.roles import ADMIN_GROUP, staff_roles_apply
from tests.patrons.support import pdf_bytes

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["/", "/cari/", "/buku-tamu/", "/admin/login/", "/publikasi/"])
def test_every_page_has_csp_without_inline_script_and_permissions_policy(
    client: Client, url: str
) -> None:
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    html = response.content.decode()
    assert " onclick=" not in html
    assert "<script>" not in html


def test_no_template_has_inline_script_or_handlers() -> None:
    found = []
    for path in (REPO / "portal" / "templates").rglob("*.html"):
        text = path.read_text()
        if "<script>" in text or " onclick=" in text or " onload=" in text:
            found.append(str(path.relative_to(REPO)))
    assert not found


def test_production_sends_hsts() -> None:
    env = {**os.environ, "PUSTAKA_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64),
           "ALLOWED_HOSTS": "pustaka.example",
           "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}  # fmt: skip
    code = "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env | {"DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout.strip()) >= 180 * 24 * 3600


def test_hsts_header_on_https_in_production(client: Client, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_healthz_tells_details_only_to_staff_or_this_machine(client: Client, monkeypatch) -> None:
    from portal.health.status import ComponentStatus, HealthReport

    # The gate is under test, not the checks (tests/portal/test_healthz.py runs those).
    report = HealthReport([ComponentStatus("search", True, detail={"url": "http://10.0.0.5"})])
    monkeypatch.setattr("portal.views.health_report", lambda: report)
    outside = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert set(outside.json()) == {"status"}
    proxied = client.get("/healthz", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert set(proxied.json()) == {"status"}  # via a proxy on this machine: still outside
    local = client.get("/healthz")
    assert "components" in local.json()
    client.force_login(User.objects.create_user("petugas", is_staff=True))
    staff = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert "components" in staff.json()
    assert outside.status_code == staff.status_code


def test_oai_sets_name_no_subject_of_a_hidden_record(client: Client) -> None:
    shown = Publication.objects.create(title="Terbuka", year=2025)
    shown.subjects.add(Subject.objects.create(name="Kependudukan"))
    hidden = Publication.objects.create(title="Rahasia", year=2025, visibility="hidden")
    hidden.subjects.add(Subject.objects.create(name="Proyek Rahasia"))
    gone = Publication.objects.create(title="Dihapus", year=2025)
    gone.subjects.add(Subject.objects.create(name="Subjek Terhapus"))
    from catalogue.services.publications import publication_delete

    publication_delete(publication=gone)
    xml = client.get("/oai", {"verb": "ListSets"}).content.decode()
    assert "Kependudukan" in xml
    assert "Proyek Rahasia" not in xml
    assert "Subjek Terhapus" not in xml


def test_marcxml_with_an_entity_is_refused_whole_and_loudly(tmp_path: Path) -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE collection [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record>'
        b"<leader>00000nam a2200000 a 4500</leader>"
        b'<datafield tag="245" ind1="0" ind2="0"><subfield code="a">Judul &x; sisa'
        b"</subfield></datafield></record></collection>"
    )
    report = publication_import_marc(data=data, skip_invalid=True)
    assert [error.code for error in report.errors] == ["xml_entities"]
    assert report.errors[0].message_en == XML_ENTITIES[1]
    assert Publication.objects.count() == 0
    path = tmp_path / "k.xml"
    path.write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError, match="tidak sah"):
        call_command("catalogue_import", str(path), "--skip-invalid", stdout=out, stderr=out)
    assert "DOCTYPE" in out.getvalue()
    assert Publication.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 cmd", "'+62 cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("-5", "-5"),
        ("-3,5", "-3,5"),
        ("-", "-"),
        ("Kota Pariaman", "Kota Pariaman"),
    ],
)
def test_formula_cells_are_neutralised_and_restored(text: str, written: str) -> None:
    assert safe_cell(text) == written
    assert cell_restore(written) == text


def test_catalogue_csv_export_writes_no_formula_and_imports_back(tmp_path: Path) -> None:
    Publication.objects.create(title='=HYPERLINK("http://evil.example","klik")', year=2024)
    path = tmp_path / "katalog.csv"
    call_command("catalogue_export", str(path), "--format", "csv", stdout=io.StringIO())
    text = path.read_text(encoding="utf-8-sig")
    assert "\n=HYPERLINK" not in text
    assert ",=HYPERLINK" not in text
    assert "'=HYPERLINK" in text
    Publication.objects.all().delete()
    call_command("catalogue_import", str(path), stdout=io.StringIO())
    assert Publication.objects.get().title == '=HYPERLINK("http://evil.example","klik")'


def test_desk_report_csv_cells_go_through_the_same_rule() -> None:
    from visitors.selectors import reports

    assert "SafeCsvWriter" in Path(reports.__file__).read_text()


# --- uploads ---------------------------------------------------------------------------


@pytest.fixture
def librarian_client(client: Client, settings, tmp_path: Path) -> Client:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }
    from django.apps import apps

    staff_roles_apply(apps)
    user = User.objects.create_user("pustakawan", is_staff=True)
    user.groups.add(Group.objects.get(name="Pustakawan"))
    client.force_login(user)
    return client


def _stored(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "storage").rglob("*") if p.is_file()]


def _png(width: int, height: int) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    out.seek(0)
    out.name = "besar.png"
    return out


@pytest.mark.parametrize(
    ("limit", "value", "upload"),
    [
        ("UPLOAD_MAX_BYTES", 100, lambda: _named(pdf_bytes(), "a.pdf")),
        ("UPLOAD_MAX_PIXELS", 100 * 100, lambda: _png(200, 200)),
        ("UPLOAD_MAX_PAGES", 0, lambda: _named(pdf_bytes(), "a.pdf")),
        ("UPLOAD_MAX_BYTES", 10**9, lambda: _named(b"bukan gambar, bukan pdf", "a.png")),
    ],
)
def test_refused_uploads_are_not_stored(
    librarian_client: Client, settings, tmp_path: Path, limit: str, value: int, upload
) -> None:
    setattr(settings, limit, value)
    response = librarian_client.post(
        "/staf/digitalisasi/unggah/", {"documents": upload(), "languages": "ind+eng"}
    )
    assert response.status_code in (413, 415)
    assert "tidak disimpan" in response.content.decode()
    assert not _stored(tmp_path)
    assert not DigitisationJob.objects.exists()
    assert not JobInput.objects.exists()


def test_an_upload_within_the_limits_is_stored(librarian_client: Client, tmp_path: Path) -> None:
    response = librarian_client.post(
        "/staf/digitalisasi/unggah/",
        {"documents": _named(pdf_bytes(), "a.pdf"), "languages": "ind+eng"},
    )
    assert response.status_code == 302
    assert len(_stored(tmp_path)) == 1


def _named(data: bytes, name: str) -> io.BytesIO:
    out = io.BytesIO(data)
    out.name = name
    return out


# --- no self-promotion -----------------------------------------------------------------


@pytest.fixture
def group_admin(client: Client) -> User:
    from django.apps import apps

    staff_roles_apply(apps)
    user = User.objects.create_user("kepala", password=None, is_staff=True)
    user.groups.add(Group.objects.get(name=ADMIN_GROUP))
    client.force_login(user)
    return user


def test_a_group_admin_cannot_make_themselves_superuser(client: Client, group_admin: User) -> None:
    url = f"/admin/auth/user/{group_admin.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    client.post(url, {
        "username": "kepala", "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "groups": [g.pk for g in Group.objects.all()],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)),
        "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
    })  # fmt: skip
    group_admin.refresh_from_db()
    assert not group_admin.is_superuser
    assert not group_admin.user_permissions.exists()  # nothing beyond what they hold
    assert not group_admin.has_perm("auth.delete_user")


def test_a_group_admin_cannot_grant_a_permission_they_lack(
    client: Client, group_admin: User
) -> None:
    admin_group = Group.objects.get(name=ADMIN_GROUP)
    delete_user = Permission.objects.get(codename="delete_user")
    response = client.post(f"/admin/auth/group/{admin_group.pk}/change/", {
        "name": ADMIN_GROUP,
        "permissions": [*admin_group.permissions.values_list("pk", flat=True), delete_user.pk],
    })  # fmt: skip
    assert response.status_code == 200  # the form refuses the choice
    assert not admin_group.permissions.filter(pk=delete_user.pk).exists()


def test_a_group_admin_cannot_touch_a_superuser(client: Client, group_admin: User) -> None:
    boss = User.objects.create_superuser("root", password=None)
    assert client.get(f"/admin/auth/user/{boss.pk}/change/").status_code in (200, 403)
    response = client.post(f"/admin/auth/user/{boss.pk}/password/", {
        "password1": "Ganti-Sandi-2026!", "password2": "Ganti-Sandi-2026!",
    })  # fmt: skip
    assert response.status_code == 403


def test_a_scanner_page_over_the_pixel_limit_is_refused_and_not_kept(
    settings, tmp_path: Path
) -> None:
    import hashlib
    import uuid

    from scanning.models import BatchPage
    from scanning.services.batches import BatchSpec, batch_open
    from scanning.services.stations import station_add

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }
    settings.UPLOAD_MAX_PIXELS = 100 * 100
    station = station_add(name="Pemindai 1")
    batch = batch_open(station=station.station, spec=BatchSpec(client_batch_id=str(uuid.uuid4())))
    body = _png(200, 200).getvalue()
    agent = Client(headers={"Authorization": f"Bearer {station.token}"})
    response = agent.put(
        f"/api/v1/batches/{batch.batch.pk}/pages/1",
        body,
        content_type="image/png",
        headers={"X-Content-SHA256": hashlib.sha256(body).hexdigest()},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_many_pixels"
    assert not BatchPage.objects.exists()
    assert not JobInput.objects.exists()
    assert not _stored(tmp_path)
