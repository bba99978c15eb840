"""The search page without JavaScript, against the real search selector and Meilisearch,
and the viewer's access rule.

Each test indexes a small collection into its own Meilisearch indexes (a fresh prefix) by
running the indexing outbox flush in-process, exactly what the Celery task does.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client

from catalogue.models import Page, Publication, Softcopy, Subject
from portal.search.presenting import marked
from search.sync import flush_outbox
from tests.staff_users import staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SCRIPT_TITLE = "<script>alert(1)</script> Statistik Padi 2021"
WORD = "Tabuikrajo"  # on page 7 of the 2020 softcopy only
SECRET = "Rahasiastaf"  # in a staff-only softcopy only


def _publication(title: str, year: int, kind: str, subject: str) -> Publication:
    publication = Publication.objects.create(
        title=title, year=year, kind=kind, area_code="1377", area_name="Kota Pariaman"
    )
    subject_row, _ = Subject.objects.get_or_create(name=subject)
    publication.subjects.add(subject_row)
    return publication


def _softcopy(publication: Publication, texts: list[str], access: str) -> Softcopy:
    softcopy = Softcopy.objects.create(
        publication=publication,
        title=publication.title,
        file=f"softcopies/{uuid.uuid4().hex}.pdf",
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=len(texts),
        sha256=uuid.uuid4().hex * 2,
        access_level=access,
    )
    for number, text in enumerate(texts, start=1):
        Page.objects.create(softcopy=softcopy, number=number, text=text)
    return softcopy


@pytest.fixture
def collection(settings: Any, db: None) -> dict[str, Publication]:
    """A few publications in fresh indexes: 14 mention padi, one page 7 has WORD."""
    settings.MEILISEARCH_INDEX_PREFIX = f"t{uuid.uuid4().hex[:10]}"
    figures = _publication("Kota Pariaman Dalam Angka 2020", 2020, "in_figures", "Pertanian")
    texts = [f"Halaman {n}. Produksi padi sawah menurut kecamatan." for n in range(1, 10)]
    texts[6] += f" Perayaan {WORD} di Pariaman Tengah."
    _softcopy(figures, texts, Softcopy.Access.PUBLIC)
    script = _publication(SCRIPT_TITLE, 2021, "news", "Kependudukan")
    internal = _publication("Laporan Internal Pengolahan 2022", 2022, "other", "Pertanian")
    _softcopy(internal, ["Catatan", "Lain", f"Berkas {SECRET} untuk staf."], "staff")
    for n in range(12):
        _publication(f"Statistik Padi Kecamatan {n + 1}", 2019, "regional", "Pertanian")
    flush_outbox()
    return {"figures": figures, "script": script, "internal": internal}


@pytest.fixture
def patron(db: None) -> User:
    return User.objects.create_user("pembaca", password="x")


@pytest.fixture
def reader(client: Client, patron: User) -> Client:
    client.force_login(patron)
    return client


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The search page ------------------------------------------------------------------


def test_page_hits_are_rendered_without_javascript(reader: Client, collection: dict) -> None:
    html = _html(reader, f"/cari/?q={WORD.lower()}")
    assert 'lang="id"' in html
    assert "1 publikasi ditemukan" in html
    softcopy = collection["figures"].softcopies.get()
    assert f'href="/cari/baca/{softcopy.pk}/?halaman=7&amp;q={WORD.lower()}"' in html
    assert ">Buka di halaman 7</a>" in html
    assert f"<mark>{WORD}</mark>" in html
    assert 'aria-live="polite"' in html
    assert 'id="search-login"' not in html  # signed in: no invitation to sign in


def test_a_script_in_a_title_is_shown_as_text(reader: Client, collection: dict) -> None:
    html = _html(reader, "/cari/?q=statistik&year=2021")
    assert re.search(r"&lt;script&gt;.*alert.*&lt;/script&gt;", html)
    assert "<script>alert" not in html
    assert "<mark>Statistik</mark>" in html


def test_only_mark_tags_are_trusted_in_html_fields() -> None:
    assert marked("a <mark>b</mark> &lt;c&gt;", "x") == "a <mark>b</mark> &lt;c&gt;"
    assert marked('<img src=x onerror="alert(2)"> <mark>b</mark>', "<b>t</b>") == (
        "&lt;b&gt;t&lt;/b&gt;"
    )
    assert marked("<mark onclick=x>b</mark>", "b") == "b"


def test_facets_show_counts_and_narrow(reader: Client, collection: dict) -> None:
    html = _html(reader, "/cari/?q=padi")
    assert "14 publikasi ditemukan" in html
    assert re.search(
        r'name="year" value="2019"> <span class="facet-label">2019</span> '
        r'<span class="facet-count">12<',
        html,
    )
    assert re.search(r'value="1377"> <span class="facet-label">Kota Pariaman</span>', html)
    assert re.search(r'value="regional"> <span class="facet-label">Statistik Daerah</span>', html)
    narrowed = _html(reader, "/cari/?q=padi&year=2021&subject=Ekonomi")
    assert "1 publikasi ditemukan" not in narrowed  # Ekonomi matches nothing: 0
    assert re.search(r'name="year" value="2021" checked>', narrowed)
    # Chosen but absent from the answer: still listed (count 0) so it can be unticked.
    assert re.search(r'name="subject" value="Ekonomi" checked>.*?facet-count">0<', narrowed, re.S)
    assert "1 publikasi ditemukan" in _html(reader, "/cari/?q=padi&year=2021")


def test_pagination_links_keep_the_query_and_filters(reader: Client, collection: dict) -> None:
    first = _html(reader, "/cari/?q=padi&subject=Pertanian")
    assert "13 publikasi ditemukan" in first
    assert 'href="?q=padi&amp;subject=Pertanian&amp;page=2" data-page="2" rel="next"' in first
    second = _html(reader, "/cari/?q=padi&subject=Pertanian&page=2")
    assert '<span aria-current="page">2</span>' in second
    assert 'href="?q=padi&amp;subject=Pertanian&amp;page=1" data-page="1" rel="prev"' in second
    assert len(re.findall(r'<li class="result"', second)) == 3


def test_suggestions_when_nothing_matches(reader: Client, collection: dict) -> None:
    html = _html(reader, "/cari/?q=zzqxwv+padi")
    assert "0 publikasi ditemukan" in html
    assert re.search(r'Mungkin maksud Anda: .*<a href="\?q=padi" data-suggestion="padi">', html)


def test_fallback_notice_when_meilisearch_is_down(
    reader: Client, collection: dict, settings: Any
) -> None:
    settings.MEILISEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    html = _html(reader, "/cari/?q=Statistik+Padi")
    assert '<p class="notice notice-fallback">Pencarian teks lengkap sedang tidak tersedia' in html
    assert "<mark>Statistik</mark> <mark>Padi</mark> Kecamatan 1</a>" in html


def test_bad_parameters_show_a_bilingual_message(reader: Client, collection: dict) -> None:
    html = _html(reader, "/cari/?q=padi&year=duaribu")
    assert 'class="notice notice-error" role="alert"' in html
    english = _html(reader, "/en/cari/?q=padi&year=duaribu")
    assert 'class="notice notice-error" role="alert"' in english


def test_guests_get_no_page_text_and_an_invitation(client: Client, collection: dict) -> None:
    html = _html(client, f"/cari/?q={WORD.lower()}+padi")
    assert 'id="search-login"' in html
    assert 'href="/akun/masuk/?next=/cari/%3Fq%3D' in html
    assert 'class="open-at-page"' not in html
    assert WORD not in html


def test_staff_text_stays_with_staff(reader: Client, collection: dict) -> None:
    assert "Buka di halaman 3" not in _html(reader, f"/cari/?q={SECRET.lower()}")
    reader.force_login(staff_user("staf"))
    assert "Buka di halaman 3" in _html(reader, f"/cari/?q={SECRET.lower()}")


def test_english_page(reader: Client, collection: dict) -> None:
    html = _html(reader, f"/en/cari/?q={WORD.lower()}")
    assert 'lang="en"' in html
    assert "1 publication found" in html
    assert "Open at page 7" in html
    assert "<span>In Figures</span>" in html  # the kind, in the page's language
    assert "Search publications" in html


def test_script_and_its_data_are_on_the_page(reader: Client, collection: dict) -> None:
    html = _html(reader, "/cari/?q=padi")
    assert 'data-api="/api/v1/search"' in html
    assert re.search(r'<script src="/static/portal/search\.js" defer>', html)
    assert '<script id="search-texts" type="application/json">' in html
    # No inline script: every <script> has a src or carries JSON data.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_nav_links_to_search(client: Client, collection: dict) -> None:
    assert 'href="/cari/"' in _html(client, "/cari/")


# --- The viewer -----------------------------------------------------------------------


def _file(access: str, *, visibility: str = "public") -> Softcopy:
    publication = Publication.objects.create(title="Kota Pariaman Dalam Angka 2020", year=2020)
    Publication.objects.filter(pk=publication.pk).update(visibility=visibility)
    return Softcopy.objects.create(
        publication=publication,
        title=publication.title,
        file="softcopies/x.pdf",
        origin=Softcopy.Origin.UPLOADED,
        page_count=10,
        sha256="0" * 64,
        access_level=access,
    )


def test_viewer_opens_the_file_at_the_page_with_the_query(client: Client) -> None:
    softcopy = _file("public")
    html = _html(client, f"/cari/baca/{softcopy.pk}/?halaman=7&q=padi+%22sawah%22")
    assert f'data-file="/publikasi/salinan/{softcopy.pk}/berkas"' in html
    assert 'data-page="7"' in html
    assert 'data-query="padi &quot;sawah&quot;"' in html
    assert f'href="/publikasi/salinan/{softcopy.pk}/berkas?unduh=1"' in html
    assert 'data-worker="/static/pdfjs/build/pdf.worker.min.mjs"' in html
    assert '<script type="module" src="/static/portal/viewer.js">' in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag


@pytest.mark.parametrize(("raw", "page"), [("99", "10"), ("abc", "1"), ("-3", "1"), ("", "1")])
def test_viewer_page_number_is_kept_within_the_file(client: Client, raw: str, page: str) -> None:
    softcopy = _file("public")
    assert f'data-page="{page}"' in _html(client, f"/cari/baca/{softcopy.pk}/?halaman={raw}")


def test_viewer_access_for_guests(client: Client) -> None:
    for_patrons = _file("patrons")
    response = client.get(f"/cari/baca/{for_patrons.pk}/?halaman=2")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=/cari/baca/")
    assert client.get(f"/cari/baca/{_file('staff').pk}/").status_code == 404
    hidden = _file("public", visibility="hidden")
    assert client.get(f"/cari/baca/{hidden.pk}/").status_code == 404
    assert client.get("/cari/baca/999999/").status_code == 404


def test_viewer_access_for_patrons(reader: Client) -> None:
    assert reader.get(f"/cari/baca/{_file('patrons').pk}/").status_code == 200
    assert reader.get(f"/cari/baca/{_file('staff').pk}/").status_code == 404
    hidden = _file("patrons", visibility="hidden")
    assert reader.get(f"/cari/baca/{hidden.pk}/").status_code == 404


def test_viewer_access_for_staff(client: Client) -> None:
    client.force_login(staff_user("staf"))
    assert client.get(f"/cari/baca/{_file('staff').pk}/").status_code == 200
    hidden = _file("staff", visibility="hidden")
    assert client.get(f"/cari/baca/{hidden.pk}/").status_code == 200


def test_pdfjs_is_served_from_our_static_files() -> None:
    for name in ("build/pdf.min.mjs", "build/pdf.worker.min.mjs", "web/pdf_viewer.mjs"):
        assert finders.find(f"pdfjs/{name}"), name
    assert finders.find("pdfjs/web/pdf_viewer.css")


def test_whitenoise_serves_pdfjs_as_javascript(settings: Any, db: None) -> None:
    settings.WHITENOISE_USE_FINDERS = True  # as in development; production serves STATIC_ROOT
    response = Client().get("/static/pdfjs/build/pdf.worker.min.mjs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")


def test_viewer_carries_the_synonyms_of_the_query(client: Client) -> None:
    softcopy = _file("public")
    html = _html(client, f"/cari/baca/{softcopy.pk}/?halaman=2&q=IHK")
    assert 'data-query="IHK"' in html
    assert 'data-synonyms="indeks harga konsumen|inflasi"' in html
    plain = _html(client, f"/cari/baca/{softcopy.pk}/?halaman=2&q=padi")
    assert 'data-synonyms=""' in plain
