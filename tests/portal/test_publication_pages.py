"""Public publication pages and their files: access by level, ranges, logs, covers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from bench.corpus_files import born_digital_pdf
from catalogue.models import AccessLog, Holding, Page, Publication, Softcopy
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create, publication_delete
from catalogue.services.thumbnails import softcopy_make_thumbnails
from catalogue.storage import store_content_addressed
from tests.staff_users import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


@pytest.fixture(autouse=True)
def _indonesian(settings) -> object:
    """A request to /en/ leaves English active in this thread; reverse() would follow it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    texts = [f"Kota Pariaman Dalam Angka 2024\nHalaman {n}\n" + "Penduduk " * 300 for n in (1, 2)]
    return born_digital_pdf(texts, folder / "kpda.pdf")


def _softcopy(publication: Publication, pdf: Path, access: str, version: int = 1) -> Softcopy:
    name, sha256, size = store_content_addressed(pdf, prefix="softcopies", suffix=".pdf")
    softcopy = Softcopy.objects.create(
        publication=publication,
        title=publication.title,
        file=name,
        version=version,
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=2,
        size_bytes=size,
        sha256=sha256 if version == 1 else f"{sha256[:-2]}{version:02d}",
        access_level=access,
    )
    Page.objects.bulk_create([Page(softcopy=softcopy, number=n, text="") for n in (1, 2)])
    return softcopy


@pytest.fixture
def library(pdf_path: Path) -> dict[str, object]:
    pub = publication_create(
        title="Kota Pariaman Dalam Angka 2024",
        year=2024,
        catalogue_number="1102001.1377",
        issn_print="0317-8471",
        subjects=["Kependudukan"],
        abstract="Data statistik Kota Pariaman menurut bidang.",
        contributors=[("BPS Kota Pariaman", "aut", "organisation")],
    )
    holding_create(publication=pub, barcode="P-1", call_number="310 KOT k", shelf_location="R1")
    holding_create(publication=pub, barcode="P-2", status="reading_room")
    holding_create(publication=pub, barcode="P-3", status="scanning")
    holding_create(publication=pub, barcode="P-4", status="withdrawn")
    hidden = publication_create(title="Catatan Tersembunyi", year=2023, visibility="hidden")
    gone = publication_create(title="Catatan Terhapus", year=2022)
    publication_delete(publication=gone)
    return {
        "pub": pub,
        "public": _softcopy(pub, pdf_path, "public", 1),
        "patrons": _softcopy(pub, pdf_path, "patrons", 2),
        "staff": _softcopy(pub, pdf_path, "staff", 3),
        "hidden": hidden,
        "hidden_file": _softcopy(hidden, pdf_path, "public", 4),
        "gone": gone,
    }


@pytest.fixture
def patron(client: Client) -> Client:
    client.force_login(User.objects.create_user("pembaca", password="x"))
    return client


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(staff_user("staf"))
    return client


def _file(softcopy: object) -> str:
    assert isinstance(softcopy, Softcopy)
    return reverse("softcopy-file", args=[softcopy.pk])


def _detail(pub: object) -> str:
    assert isinstance(pub, Publication)
    return reverse("publication-detail", args=[pub.pk])


def test_detail_shows_metadata_holdings_and_meta_tags(client: Client, library) -> None:
    html = client.get(_detail(library["pub"])).content.decode()
    assert "<title>Kota Pariaman Dalam Angka 2024 (2024)" in html
    assert '<meta name="description" content="Data statistik Kota Pariaman' in html
    assert '<meta property="og:title" content="Kota Pariaman Dalam Angka 2024">' in html
    assert 'property="og:image" content="http://testserver/publikasi/' in html
    assert '<meta name="DC.identifier" content="ISSN:0317-8471">' in html
    assert '<meta name="DC.creator" content="BPS Kota Pariaman">' in html
    assert "1102001.1377" in html
    assert "310 KOT k" in html
    assert "Tersedia di rak: 1" in html
    assert "Sedang dibaca di ruang baca: 1" in html
    assert "Sedang dipindai: 1" in html
    assert "Ditarik" not in html  # a withdrawn copy is no longer offered
    assert "<dd>Indonesia</dd>" in html


def test_detail_in_english(client: Client, library) -> None:
    html = client.get("/en" + _detail(library["pub"])).content.decode()
    assert "Printed copies" in html
    assert "On the shelf: 1" in html
    assert "<dd>Indonesian</dd>" in html


def test_softcopies_listed_by_level(client: Client, library) -> None:
    html = client.get(_detail(library["pub"])).content.decode()
    assert _file(library["public"]) in html
    assert _file(library["patrons"]) not in html
    assert "Masuk untuk membaca" in html
    assert _file(library["staff"]) not in html


def test_patron_and_staff_see_their_levels(patron: Client, library) -> None:
    html = patron.get(_detail(library["pub"])).content.decode()
    assert _file(library["patrons"]) + "?unduh=1" in html
    assert _file(library["staff"]) not in html
    assert "Masuk untuk membaca" not in html
    patron.logout()
    patron.force_login(staff_user("staf"))
    html = patron.get(_detail(library["pub"])).content.decode()
    assert _file(library["staff"]) in html


def test_file_access_by_level(client: Client, library) -> None:
    assert client.get(_file(library["public"])).status_code == 200
    refused = client.get(_file(library["patrons"]))
    assert refused.status_code == 401
    assert "/akun/masuk/?next=" in refused.content.decode()
    browser = client.get(_file(library["patrons"]), HTTP_ACCEPT="text/html")
    assert browser.status_code == 302
    assert "/akun/masuk/" in browser["Location"]
    assert client.get(_file(library["staff"])).status_code == 404
    assert client.get(_file(library["hidden_file"])).status_code == 404
    client.force_login(User.objects.create_user("pembaca", password="x"))
    assert client.get(_file(library["patrons"])).status_code == 200
    assert client.get(_file(library["staff"])).status_code == 404
    client.force_login(staff_user("staf"))
    assert client.get(_file(library["staff"])).status_code == 200
    assert client.get(_file(library["hidden_file"])).status_code == 200


def test_file_inline_download_and_log(client: Client, library, pdf_path: Path) -> None:
    response = client.get(_file(library["public"]), REMOTE_ADDR="10.0.0.7")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(pdf_path.stat().st_size)  # pdf.js needs it
    assert b"".join(response.streaming_content) == pdf_path.read_bytes()
    response = client.get(_file(library["public"]) + "?unduh=1")
    assert response["Content-Disposition"] == (
        'attachment; filename="kota-pariaman-dalam-angka-2024-v1.pdf"'
    )
    logs = list(AccessLog.objects.order_by("accessed_at"))
    assert [log.action for log in logs] == ["read", "download"]
    assert logs[0].ip_address == "10.0.0.7"
    assert logs[0].user is None
    assert logs[0].softcopy == library["public"]


def test_range_requests(client: Client, library, pdf_path: Path) -> None:
    data = pdf_path.read_bytes()
    url = _file(library["public"])
    response = client.get(url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert response["Content-Length"] == "100"
    assert b"".join(response.streaming_content) == data[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert b"".join(tail.streaming_content) == data[-50:]
    rest = client.get(url, HTTP_RANGE=f"bytes={len(data) - 10}-")
    assert b"".join(rest.streaming_content) == data[-10:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(data)}-").status_code == 416
    stale = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"another"')
    assert stale.status_code == 200  # the file changed: send it whole
    assert AccessLog.objects.count() == 1  # only the stale-if-range open counts; ranges don't


def test_hidden_and_deleted_are_404_except_for_staff(client: Client, library) -> None:
    for key in ("hidden", "gone"):
        assert client.get(_detail(library[key])).status_code == 404
        assert client.get(reverse("publication-cover", args=[library[key].pk])).status_code == 404
    client.force_login(staff_user("staf"))
    assert "tersembunyi" in client.get(_detail(library["hidden"])).content.decode()
    assert "dihapus" in client.get(_detail(library["gone"])).content.decode()


def test_list_filters_and_pages(client: Client, library) -> None:
    for year in range(2000, 2022):
        publication_create(title=f"Statistik Daerah Kota Pariaman {year}", year=year)
    Publication.objects.filter(title__startswith="Statistik Daerah").update(kind="regional")
    publication_create(title="Leaflet Tanpa Tahun")  # no year: listed after every dated one
    first = client.get(reverse("publication-list"))
    titles = [p.title for p in first.context["page"]]
    assert titles[0] == "Kota Pariaman Dalam Angka 2024"  # newest first
    assert len(titles) == 20
    assert "Catatan Tersembunyi" not in titles
    second = client.get(reverse("publication-list"), {"halaman": "2"})
    assert [p.title for p in second.context["page"]] == [
        "Statistik Daerah Kota Pariaman 2002",
        "Statistik Daerah Kota Pariaman 2001",
        "Statistik Daerah Kota Pariaman 2000",
        "Leaflet Tanpa Tahun",
    ]
    assert [p.year for p in client.get("/publikasi/?tahun=2005").context["page"]] == [2005]
    regional = client.get("/publikasi/?jenis=regional").context["page"]
    assert regional.paginator.count == 22
    subject = library["pub"].subjects.get()
    by_subject = client.get(f"/publikasi/?subjek={subject.pk}").context["page"]
    assert [p.title for p in by_subject] == ["Kota Pariaman Dalam Angka 2024"]
    assert client.get("/publikasi/?tahun=abc").status_code == 200


def _png(color: str = "navy") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 1700), color).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="sampul.png")


def test_cover_resized_cached_and_placeholder(client: Client, library) -> None:
    url = reverse("publication-cover", args=[library["pub"].pk])
    placeholder = client.get(url)
    assert placeholder["Content-Type"] == "image/svg+xml"
    assert b"<svg" in placeholder.content
    pub = library["pub"]
    pub.cover.save("sampul.png", _png(), save=True)
    webp = client.get(url, HTTP_ACCEPT="image/webp,*/*")
    assert webp["Content-Type"] == "image/webp"
    assert "max-age" in webp["Cache-Control"]
    assert "Accept" in webp["Vary"]
    image = Image.open(io.BytesIO(b"".join(webp.streaming_content)))
    assert image.size == (480, 680)
    jpeg = client.get(url, HTTP_ACCEPT="image/png,*/*")
    assert jpeg["Content-Type"] == "image/jpeg"
    renditions = default_storage.listdir(f"covers/renditions/{pub.pk}")[1]
    assert len(renditions) == 2
    again = client.get(url, HTTP_ACCEPT="image/webp", HTTP_IF_NONE_MATCH=webp["ETag"])
    assert again.status_code == 304
    assert len(default_storage.listdir(f"covers/renditions/{pub.pk}")[1]) == 2


def test_thumbnails_shown_and_protected(client: Client, library) -> None:
    for key in ("public", "patrons"):
        softcopy = library[key]
        assert isinstance(softcopy, Softcopy)
        assert softcopy_make_thumbnails(softcopy_id=softcopy.pk) == 2
    html = client.get(_detail(library["pub"])).content.decode()
    public_thumb = reverse("softcopy-page-thumbnail", args=[library["public"].pk, 2])
    assert public_thumb in html
    response = client.get(public_thumb)
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).width == 200
    patrons_thumb = reverse("softcopy-page-thumbnail", args=[library["patrons"].pk, 1])
    assert patrons_thumb not in html
    assert client.get(patrons_thumb).status_code == 401


def test_holding_status_labels_cover_every_status() -> None:
    from portal.publications.queries import STATUS_LABELS

    assert set(STATUS_LABELS) | {Holding.Status.WITHDRAWN} == set(Holding.Status.values)


@pytest.mark.django_db(transaction=True)
def test_ranges_through_a_real_http_server(live_server, library, pdf_path: Path) -> None:
    """What pdf.js does: open the file whole, see Accept-Ranges, then fetch byte ranges."""
    import httpx

    data = pdf_path.read_bytes()
    url = live_server.url + _file(library["public"])
    with httpx.Client() as http:
        whole = http.get(url, headers={"Accept": "*/*"})
        assert whole.status_code == 200
        assert whole.headers["accept-ranges"] == "bytes"
        assert whole.content == data
        part = http.get(url, headers={"Range": f"bytes=1000-{len(data) - 1}"})
        assert part.status_code == 206
        assert part.headers["content-length"] == str(len(data) - 1000)
        assert part.content == data[1000:]
        assert http.get(live_server.url + _file(library["patrons"])).status_code == 401


def test_only_the_first_thumbnails_are_shown(client: Client, library) -> None:
    softcopy = library["public"]
    assert isinstance(softcopy, Softcopy)
    Page.objects.bulk_create(
        [Page(softcopy=softcopy, number=n, thumbnail=f"t/{n}.jpg") for n in range(3, 21)]
    )
    html = client.get(_detail(library["pub"])).content.decode()
    shown = reverse("softcopy-page-thumbnail", args=[softcopy.pk, 10])
    hidden = reverse("softcopy-page-thumbnail", args=[softcopy.pk, 11])
    assert f'src="{shown}"' in html
    assert f'src="{hidden}"' not in html
