"""The proposed record read from front pages: pure extraction on text and hOCR fixtures.

The hOCR fixtures (tests/data/intake/page-N.hocr) are Tesseract's output for the three
front pages of ``bench.intake_corpus.make_document(1)`` ("Kota Pariaman Dalam Angka
2022", A4, skewed and noisy).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.proposal.extract import FRONT_PAGES, propose
from catalogue.proposal.identifiers import isbn_valid, issn_valid
from catalogue.proposal.numbers import digit_view
from catalogue.proposal.pages import PageText, page_from_hocr, page_from_text
from catalogue.proposal.title import title_case

DATA = Path(__file__).resolve().parents[1] / "data" / "intake"

IMPRINT = """KOTA PARIAMAN DALAM ANGKA 2024
Pariaman Municipality in Figures 2024
ISSN: 2085-7667
Nomor Publikasi/Publication Number: 13770.2401
Katalog/Catalog: 1102001.1377
ISBN: 978-602-241-377-6
Ukuran Buku/Book Size: 17,6 cm x 25 cm
Jumlah Halaman/Number of Pages: xxvi + 292 halaman/pages
Diterbitkan oleh/Published by: ©BPS Kota Pariaman
Hak Cipta © 2024, Badan Pusat Statistik"""


def pages_of(*texts: str) -> list[PageText]:
    return [page_from_text(n, text) for n, text in enumerate(texts, start=1)]


def fixture_pages() -> list[PageText]:
    return [page_from_hocr(n, (DATA / f"page-{n}.hocr").read_text()) for n in (1, 2, 3)]


def test_imprint_page_text_gives_every_printed_field() -> None:
    cover = "BADAN PUSAT STATISTIK\nKOTA PARIAMAN DALAM ANGKA\n2024\nBPS KOTA PARIAMAN"
    proposal = propose(pages_of(cover, IMPRINT))
    assert proposal.as_values() | {"subjects": ""} == {
        "title": "Kota Pariaman Dalam Angka 2024",
        "title_en": "Pariaman Municipality in Figures 2024",
        "year": "2024",
        "period": "",
        "catalogue_number": "1102001.1377",
        "publication_number": "13770.2401",
        "issn": "2085-7667",
        "issn_electronic": "",
        "isbn": "9786022413776",
        "area_code": "1377",
        "area_name": "Kota Pariaman",
        "kind": "in_figures",
        "subjects": "",
    }
    assert proposal.value("subjects") == "Statistik Umum"
    assert proposal.get("catalogue_number").confidence > proposal.get("kind").confidence > 0


def test_fields_not_printed_are_proposed_empty_never_guessed() -> None:
    text = (
        "Statistik Pariwisata Kota Pariaman\nUkuran Buku: 21 x 29,7 cm\nNaskah: BPS Kota Pariaman"
    )
    proposal = propose(pages_of("STATISTIK PARIWISATA KOTA PARIAMAN\n2023", text))
    for name in ("catalogue_number", "publication_number", "issn", "isbn", "period", "title_en"):
        assert proposal.value(name) == "", name
        assert proposal.get(name).confidence == 0
        assert proposal.get(name).evidence == ()
    assert proposal.value("title") == "Statistik Pariwisata Kota Pariaman"
    assert proposal.value("year") == "2023"  # the cover's year line (not part of this title)


def test_check_digits_decide_what_an_issn_or_isbn_is() -> None:
    text = "Judul Uji Dalam Angka 2024\nISSN: 2085-7668\nISBN: 978-602-241-377-5\nNaskah: BPS"
    proposal = propose(pages_of("Judul", text))
    assert proposal.value("issn") == ""
    assert proposal.value("isbn") == ""
    assert issn_valid("20857667")
    assert not issn_valid("20857668")
    assert issn_valid("1000002X")
    assert issn_valid("03178471")
    assert isbn_valid("9786022413776")
    assert isbn_valid("0306406152")
    assert not isbn_valid("0306406153")


def test_ocr_lookalikes_in_numbers_are_read_as_digits() -> None:
    assert digit_view("Katalog: 11O2001.l377") == "Katalog: 1102001.1377"
    assert digit_view("Oleh Sinar") == "Oleh Sinar"  # words stay words
    proposal = propose(pages_of("Judul", "Judul\nNomor Katalog : 11O2001.l377\nNaskah: BPS"))
    assert proposal.value("catalogue_number") == "1102001.1377"


def test_a_labelled_value_wins_over_a_number_elsewhere() -> None:
    text = (
        "Indeks Pembangunan Manusia Kota Pariaman 2023\nNaskah: 4102099.1377\n"
        "Nomor Katalog/Catalog Number: 4102002.1377"
    )
    assert propose(pages_of("x", text)).value("catalogue_number") == "4102002.1377"


def test_wrapped_series_title_takes_its_year_line_and_other_titles_do_not() -> None:
    imprint = (
        "Kecamatan Pariaman Timur Dalam Angka\n2021\nPariaman Timur Subdistrict in "
        "Figures 2021\nNomor Katalog BPS : 1102001.1377021\nNaskah : BPS Kota Pariaman"
    )
    proposal = propose(pages_of("KECAMATAN PARIAMAN\nTIMUR DALAM ANGKA", imprint))
    assert proposal.value("title") == "Kecamatan Pariaman Timur Dalam Angka 2021"
    assert proposal.value("area_code") == "1377021"
    assert proposal.value("area_name") == "Kecamatan Pariaman Timur"


def test_period_line_gives_period_and_year() -> None:
    imprint = (
        "BERITA RESMI STATISTIK: KEADAAN\nKETENAGAKERJAAN KOTA PARIAMAN\nAgustus 2024\n"
        "Nomor Publikasi : 13770.2432\nNaskah : BPS Kota Pariaman"
    )
    cover = "BERITA RESMI\nSTATISTIK: KEADAAN\nKETENAGAKERJAAN\nKOTA PARIAMAN\nAgustus 2024"
    proposal = propose(pages_of(cover, imprint))
    assert (
        proposal.value("title") == "Berita Resmi Statistik: Keadaan Ketenagakerjaan Kota Pariaman"
    )
    assert (proposal.value("period"), proposal.value("year")) == ("Agustus 2024", "2024")
    assert proposal.value("kind") == "news"
    assert proposal.value("area_code") == "1377"  # from the title: no catalogue number printed


def test_capital_titles_get_title_case_with_acronyms_kept() -> None:
    assert title_case("PDRB KOTA PARIAMAN MENURUT PENGELUARAN DAN LAPANGAN USAHA") == (
        "PDRB Kota Pariaman Menurut Pengeluaran dan Lapangan Usaha"
    )
    assert title_case("Sudah Campuran") == "Sudah Campuran"


def test_only_the_front_pages_are_read() -> None:
    body = "Tabel 1.1 Katalog/Catalog: 9999999.1377 ISSN 2085-7667 tahun 2019"
    pages = pages_of("Judul Tanpa Nomor", *["teks isi"] * FRONT_PAGES, body)
    proposal = propose(pages)
    assert proposal.value("catalogue_number") == ""
    assert proposal.value("issn") == ""


def test_hocr_fixture_gives_fields_with_word_boxes() -> None:
    pages = fixture_pages()
    assert pages[2].size is not None
    assert len(pages[2].lines) > 10
    proposal = propose(pages)
    values = proposal.as_values()
    assert values["title"] == "Kota Pariaman Dalam Angka 2022"
    assert values["catalogue_number"] == "1102001.1377"
    assert values["issn"] == "2085-7667"
    assert values["publication_number"] == "13770.2238"
    assert values["isbn"] == "9786022213772"
    number = proposal.get("catalogue_number")
    assert [e.text for e in number.evidence] == ["1102001.1377"]
    box = number.evidence[0].box
    assert box is not None
    assert box[0] < box[2]
    assert box[1] < box[3]
    assert number.evidence[0].page == 3
    assert len(proposal.get("title").evidence) == 5  # one box per word of the title
    assert 0.5 < number.confidence <= 1


@pytest.mark.parametrize("number", [1, 2, 3])
def test_hocr_words_carry_confidence_and_boxes_inside_the_page(number: int) -> None:
    page = page_from_hocr(number, (DATA / f"page-{number}.hocr").read_text())
    assert page.size is not None
    for line in page.lines:
        for word in line.words:
            assert word.box is not None
            assert 0 <= word.confidence <= 1
            assert 0 <= word.box[0] <= word.box[2] <= page.size[0]


def test_a_misread_title_year_yields_to_the_year_printed_elsewhere() -> None:
    imprint = (
        "Statistik Daerah Kota Pariaman 2013\nNo. Publikasi: 13770.1820\n"
        "Katalog/Catalog : 1101002.1377\nHak Cipta © 2018, Badan Pusat Statistik"
    )
    proposal = propose(pages_of("NVNVIHVId 8LOC", "Statistik Daerah Kota Pariaman 2018", imprint))
    assert proposal.value("title") == "Statistik Daerah Kota Pariaman 2018"
    assert proposal.value("year") == "2018"
    assert proposal.get("year").confidence <= 0.5  # the librarian should look


def test_a_colon_read_as_one_before_the_catalogue_number_is_dropped() -> None:
    imprint = "Indikator Kesejahteraan Rakyat Kota Pariaman 2020\nNomor Katalog BPS 14102004.1377"
    assert propose(pages_of("x", imprint)).value("catalogue_number") == "4102004.1377"


@pytest.mark.parametrize("printed", ["Nomor Publikasi 113770.2117", "Nomor Publikasi 1137702117"])
def test_a_publication_number_glued_to_its_label_is_still_read(printed: str) -> None:
    proposal = propose(pages_of("x", f"Judul\n{printed}\nNaskah: BPS Kota Pariaman"))
    assert proposal.value("publication_number") == "13770.2117"
    assert propose(pages_of("x", "Judul\nJumlah 1137702117")).value("publication_number") == ""
