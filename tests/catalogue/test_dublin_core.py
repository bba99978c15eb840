"""The Publication → Dublin Core mapping and the standalone oai_dc collection file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from lxml import etree

from catalogue.exchange.dublin_core import (
    DC_NS,
    OAI_DC_NS,
    RIGHTS_STATEMENT,
    DcElement,
    dublin_core,
    oai_dc_element,
    write_oai_dc_collection,
)
from catalogue.models import Publication
from catalogue.services.publications import publication_create, publication_delete
from catalogue.validation import ContributorSpec
from tests.data.xsd.oai_schemas import oai_dc_schema

pytestmark = pytest.mark.django_db


def _rich() -> Publication:
    return publication_create(
        title="Kota Pariaman Dalam Angka",
        subtitle="Pariaman Municipality in Figures 2025",
        kind=Publication.Kind.IN_FIGURES,
        catalogue_number="1102001.1377",
        publication_number="13770.2501",
        issn_print="2088-9372",
        issn_electronic="2088-9380",
        isbn="978-602-438-000-7",
        release_date=dt.date(2025, 2, 28),
        year=2025,
        area_code="1377",
        area_name="Kota Pariaman",
        subjects=["Statistik Daerah", "Kependudukan"],
        language="ind,eng",
        abstract="Ringkasan data statistik Kota Pariaman.",
        contributors=[
            ContributorSpec("BPS Kota Pariaman", "com", "organisation"),
            ContributorSpec("Rina Yuliani", "aut"),
            ContributorSpec("Andi Saputra", "edt"),
            ContributorSpec("Dewi Lestari", "cov"),
        ],
        pages="xxiv + 310 hlm.",
    )


def _values(elements: list[DcElement], name: str) -> list[str]:
    return [element.value for element in elements if element.name == name]


def test_every_field_lands_in_its_element() -> None:
    publication = _rich()
    dc = dublin_core(publication, page_url="https://pst.example/publikasi/1/")

    assert _values(dc, "title") == [
        "Kota Pariaman Dalam Angka: Pariaman Municipality in Figures 2025"
    ]
    assert _values(dc, "creator") == ["BPS Kota Pariaman", "Rina Yuliani"]
    assert _values(dc, "contributor") == ["Andi Saputra", "Dewi Lestari"]
    assert sorted(_values(dc, "subject")) == ["Kependudukan", "Statistik Daerah"]
    assert _values(dc, "description") == ["Ringkasan data statistik Kota Pariaman."]
    assert _values(dc, "publisher") == ["BPS Kota Pariaman"]
    assert _values(dc, "date") == ["2025-02-28"]
    assert _values(dc, "type") == ["Text", "Dalam Angka"]
    assert _values(dc, "format") == ["xxiv + 310 hlm."]  # no softcopy: no application/pdf
    assert _values(dc, "identifier") == [
        "urn:issn:2088-9372",
        "urn:issn:2088-9380",
        "urn:isbn:9786024380007",
        "Katalog BPS: 1102001.1377",
        "Nomor Publikasi BPS: 13770.2501",
        "https://pst.example/publikasi/1/",
    ]
    assert _values(dc, "language") == ["ind", "eng"]
    assert _values(dc, "relation") == ["ISSN 2088-9372 (cetak)", "ISSN 2088-9380 (elektronik)"]
    assert _values(dc, "coverage") == ["Kota Pariaman", "2025"]
    assert _values(dc, "rights") == [RIGHTS_STATEMENT]


def test_a_sparse_record_names_the_office_as_creator_and_year_as_date() -> None:
    publication = publication_create(title="Berita Resmi Statistik", year=2024, period="Maret")
    dc = dublin_core(publication, has_softcopy=True)

    assert _values(dc, "creator") == ["BPS Kota Pariaman"]  # corporate author
    assert _values(dc, "contributor") == []
    assert _values(dc, "date") == ["2024"]
    assert _values(dc, "format") == ["application/pdf"]
    assert _values(dc, "identifier") == []
    assert _values(dc, "coverage") == ["Maret 2024"]
    assert _values(dc, "description") == []


def test_the_oai_dc_element_is_valid_and_keeps_order_and_language() -> None:
    element = oai_dc_element(dublin_core(_rich()))

    oai_dc_schema().validate(element)
    assert element.tag == f"{{{OAI_DC_NS}}}dc"
    names = [etree.QName(child).localname for child in element]
    assert names[0] == "title"
    assert names[-1] == "rights"
    rights = element.find(f"{{{DC_NS}}}rights")
    assert rights is not None
    assert rights.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"


def test_characters_xml_cannot_carry_are_dropped_not_fatal() -> None:
    publication = publication_create(title="Tabel\x0c hasil OCR\x1f", abstract="a\x1bb")
    element = oai_dc_element(dublin_core(publication))

    oai_dc_schema().validate(element)
    assert element.findtext(f"{{{DC_NS}}}title") == "Tabel hasil OCR"
    assert element.findtext(f"{{{DC_NS}}}description") == "ab"


def test_the_collection_is_one_document_of_valid_records() -> None:
    publications = [_rich(), publication_create(title="Statistik Daerah Kota Pariaman 2024")]
    stream = io.BytesIO()

    written = write_oai_dc_collection(
        Publication.objects.filter(pk__in=[p.pk for p in publications]).order_by("pk"),
        stream,
        page_url=lambda publication: f"https://pst.example/publikasi/{publication.pk}/",
    )

    assert written == 2
    assert stream.getvalue().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(stream.getvalue())
    assert root.tag == "records"
    records = list(root)
    assert len(records) == 2
    for record in records:
        oai_dc_schema().validate(record)
    titles = [record.findtext(f"{{{DC_NS}}}title") for record in records]
    assert titles[1] == "Statistik Daerah Kota Pariaman 2024"
    last_ids = [i.text for i in records[1].findall(f"{{{DC_NS}}}identifier")]
    assert last_ids == [f"https://pst.example/publikasi/{publications[1].pk}/"]


def test_an_empty_collection_is_still_a_document() -> None:
    stream = io.BytesIO()
    assert write_oai_dc_collection([], stream) == 0
    assert etree.fromstring(stream.getvalue()).tag == "records"


def test_exporting_many_records_costs_a_fixed_number_of_queries(
    django_assert_num_queries,
) -> None:
    from catalogue.selectors.oai import publication_list_for_dublin_core

    for n in range(4):
        publication_create(
            title=f"Publikasi {n}",
            subjects=["Umum", f"Subjek {n}"],
            contributors=[ContributorSpec(f"Penulis {n}", "aut")],
        )
    publication_delete(publication=publication_create(title="Dihapus"))
    stream = io.BytesIO()

    with django_assert_num_queries(3):  # records, their subjects, their credits
        written = write_oai_dc_collection(publication_list_for_dublin_core(), stream)

    assert written == 4
    creators = etree.fromstring(stream.getvalue()).xpath(
        "//dc:creator/text()", namespaces={"dc": DC_NS}
    )
    assert creators == [f"Penulis {n}" for n in range(4)]
