"""Object-level access: each access level × the file, viewer, thumbnail, cover, page,
search API and OAI, for each reader; softcopy requests and download links follow it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from catalogue.models import AccessLog, Publication, Softcopy
from patrons.errors import PublicationUnavailableError
from patrons.models import SoftcopyRequest
from patrons.services.links import DOWNLOAD_SALT, make_token
from patrons.services.requests import request_approve, request_create
from portal.roles import staff_roles_apply
from tests.security.world import jpeg_bytes, make_softcopy, make_user

pytestmark = pytest.mark.django_db
READERS = ("anonymous", "patron", "officer", "librarian")


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


@pytest.fixture
def readers() -> dict[str, User | None]:
    staff_roles_apply(apps)
    return {role: make_user(role) for role in READERS}


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# (visibility of the record, level of the file) -> the status each reader gets for the file
EXPECTED = {
    ("public", "public"): {"anonymous": 200, "patron": 200, "officer": 200, "librarian": 200},
    ("public", "patrons"): {"anonymous": 401, "patron": 200, "officer": 200, "librarian": 200},
    ("public", "staff"): {"anonymous": 404, "patron": 404, "officer": 404, "librarian": 200},
    ("hidden", "public"): {"anonymous": 404, "patron": 404, "officer": 404, "librarian": 200},
}


@pytest.mark.parametrize(("visibility", "level"), list(EXPECTED))
def test_each_level_decides_file_viewer_and_thumbnail(
    readers: dict[str, User | None], visibility: str, level: str
) -> None:
    publication = Publication.objects.create(title="KPDA 2025", year=2025, visibility=visibility)
    softcopy = make_softcopy(publication, access=level, title="KPDA 2025")
    wrong = []
    for role, expected in EXPECTED[(visibility, level)].items():
        client = _client(readers[role])
        answers = {
            "file": client.get(f"/publikasi/salinan/{softcopy.pk}/berkas").status_code,
            "thumbnail": client.get(
                f"/publikasi/salinan/{softcopy.pk}/halaman/1/gambar"
            ).status_code,
            "viewer": client.get(f"/cari/baca/{softcopy.pk}/").status_code,
        }
        viewer_expected = 302 if expected == 401 else expected  # the viewer sends to sign in
        for what, got in answers.items():
            want = viewer_expected if what == "viewer" else expected
            if got != want:
                wrong.append(f"{role} {what}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_hidden_records_page_and_cover_only_for_staff(readers: dict[str, User | None]) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    hidden = Publication.objects.create(title="Tersembunyi", year=2025, visibility="hidden")
    hidden.cover = default_storage.save("covers/h.jpg", ContentFile(jpeg_bytes()))
    hidden.save(update_fields=["cover"])
    expected = {"anonymous": 404, "patron": 404, "officer": 200, "librarian": 200}
    for role, status in expected.items():
        client = _client(readers[role])
        assert client.get(f"/publikasi/{hidden.pk}/").status_code == status, role
        assert client.get(f"/publikasi/{hidden.pk}/sampul").status_code == status, role


def test_search_api_lists_hidden_records_only_to_staff(readers: dict[str, User | None]) -> None:
    hidden = Publication.objects.create(title="Zamrud Tersembunyi", year=2025, visibility="hidden")
    expected = {"anonymous": False, "patron": False, "officer": True, "librarian": True}
    for role, shown in expected.items():
        answer = _client(readers[role]).get("/api/v1/search", {"q": "Zamrud"}).json()
        assert (hidden.pk in [p["id"] for p in answer["publications"]]) is shown, role


def test_oai_reports_a_hidden_record_as_deleted_without_its_title(client: Client) -> None:
    hidden = Publication.objects.create(title="Judul Rahasia", year=2025, visibility="hidden")
    xml = client.get(
        "/oai",
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:x:{hidden.pk}"},
    ).content.decode()
    listed = client.get("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert "Judul Rahasia" not in xml
    assert "Judul Rahasia" not in listed.content.decode()


# --- softcopy requests and download links -------------------------------------------------


def test_no_request_for_a_staff_only_softcopy(readers: dict[str, User | None]) -> None:
    publication = Publication.objects.create(title="Laporan Internal", year=2025)
    make_softcopy(publication, access=Softcopy.Access.STAFF, title="internal")
    patron = readers["patron"]
    assert patron is not None
    form = _client(patron).get(f"/akun/permintaan/baru/?publikasi={publication.pk}")
    assert form.status_code == 404  # "no softcopy that can be requested"
    with pytest.raises(PublicationUnavailableError):
        request_create(user=patron, publication_id=publication.pk, purpose="research")


def test_approval_sends_only_a_file_the_patron_may_read(readers: dict[str, User | None]) -> None:
    publication = Publication.objects.create(title="KPDA", year=2025)
    readable = make_softcopy(publication, access=Softcopy.Access.PATRONS, title="v1")
    staff_only = make_softcopy(publication, access=Softcopy.Access.STAFF, title="v2")
    Softcopy.objects.filter(pk=staff_only.pk).update(version=2)
    patron, librarian = readers["patron"], readers["librarian"]
    made = request_create(user=patron, publication_id=publication.pk, purpose="research")  # type: ignore[arg-type]
    approved = request_approve(request_id=made.pk, staff=librarian)  # type: ignore[arg-type]
    assert approved.softcopy == readable
    other = request_create(user=patron, publication_id=publication.pk, purpose="study")  # type: ignore[arg-type]
    with pytest.raises(PublicationUnavailableError):
        request_approve(request_id=other.pk, staff=librarian, softcopy_id=staff_only.pk)  # type: ignore[arg-type]


@pytest.fixture
def link(readers: dict[str, User | None]) -> tuple[str, SoftcopyRequest]:
    publication = Publication.objects.create(title="KPDA", year=2025)
    softcopy = make_softcopy(publication, access=Softcopy.Access.PATRONS, title="KPDA")
    approved = SoftcopyRequest.objects.create(
        patron=readers["patron"], publication=publication, purpose="research", softcopy=softcopy,
        status=SoftcopyRequest.Status.APPROVED, decided_at=timezone.now(),
        link_expires_at=timezone.now() + timezone.timedelta(days=7),
    )  # fmt: skip
    return f"/akun/unduh/{make_token({'r': approved.pk}, salt=DOWNLOAD_SALT)}/", approved


def test_a_download_link_works_only_for_its_patron(
    readers: dict[str, User | None], link: tuple[str, SoftcopyRequest]
) -> None:
    url, _ = link
    assert Client().get(url)["Location"].startswith("/akun/masuk/?next=/akun/unduh/")
    stranger = make_user("unverified")
    refused = _client(stranger).get(url)
    assert refused.status_code == 403
    assert "akun lain" in refused.content.decode()
    assert _client(readers["librarian"]).get(url).status_code == 403
    assert _client(readers["patron"]).get(url).status_code == 200


def test_a_download_link_resumes_with_a_range_and_is_logged_once(
    readers: dict[str, User | None], link: tuple[str, SoftcopyRequest]
) -> None:
    url, approved = link
    patron = _client(readers["patron"])
    whole = patron.get(url)
    data = b"".join(whole.streaming_content)
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Disposition"].startswith("attachment;")
    resumed = patron.get(url, HTTP_RANGE="bytes=10-")  # an interrupted download goes on
    assert resumed.status_code == 206
    assert resumed["Content-Range"] == f"bytes 10-{len(data) - 1}/{len(data)}"
    assert b"".join(resumed.streaming_content) == data[10:]
    logged = AccessLog.objects.filter(softcopy=approved.softcopy, action=AccessLog.Action.DOWNLOAD)
    assert logged.count() == 1  # the resumed part is the same download


@pytest.mark.parametrize(
    "change",
    [
        {"visibility": "hidden"},
        {"deleted_at": timezone.now()},
        {"access_level": "staff"},
    ],
)
def test_a_download_link_is_checked_against_the_rule_at_each_use(
    readers: dict[str, User | None], link: tuple[str, SoftcopyRequest], change: dict
) -> None:
    url, approved = link
    patron = _client(readers["patron"])
    assert patron.get(url).status_code == 200
    if "access_level" in change:
        Softcopy.objects.filter(pk=approved.softcopy_id).update(**change)
    else:
        Publication.objects.filter(pk=approved.publication_id).update(**change)
    refused = patron.get(url)
    assert refused.status_code == 403
    assert "tidak lagi tersedia" in refused.content.decode()
