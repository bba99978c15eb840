"""Publication → simple Dublin Core (the 15 elements of oai_dc), in one place.

The OAI-PMH provider (``portal/oai``) and the ``--format dc`` export both use
:func:`dublin_core` and :func:`oai_dc_element`, so a harvester and a file export always
see the same record. The mapping table is in ``docs/oai-pmh.md``.

Identifier prefixes (``dc:identifier``), chosen so a harvester can tell them apart:

- ``urn:issn:1234-5678`` — ISSN as a URN (RFC 3044), print and electronic alike; which is
  which is kept in ``dc:relation`` ("ISSN 1234-5678 (cetak)" / "(elektronik)").
- ``urn:isbn:9786020000000`` — ISBN as a URN (RFC 3187), digits only.
- ``Katalog BPS: 1102001.1377`` and ``Nomor Publikasi BPS: 03200.2322`` — BPS's own numbers
  have no registered URN namespace, so they carry a plain label instead of a made-up one.
- the public page URL (``https://…/publikasi/<id>/``) when the caller knows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import BinaryIO, NamedTuple

from lxml import etree

from catalogue.models import Publication, PublicationContributor
from catalogue.selectors.publications import publication_credits

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
NSMAP = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}

# Roles that make someone responsible for the content (dc:creator); every other role is
# a dc:contributor. BPS names a compiler ("Penyusun") where others name an author.
CREATOR_ROLES = frozenset(
    {PublicationContributor.Role.AUTHOR, PublicationContributor.Role.COMPILER}
)
DCMI_TYPE_TEXT = "Text"  # DCMI Type Vocabulary: every publication here is text
PDF_MEDIA_TYPE = "application/pdf"
RIGHTS_STATEMENT = (
    "© Badan Pusat Statistik. Dilarang mengumumkan, mendistribusikan, mengomunikasikan, "
    "dan/atau menggandakan sebagian atau seluruh isi untuk tujuan komersial tanpa izin "
    "tertulis dari Badan Pusat Statistik."
)

PageUrl = Callable[[Publication], str]


class DcElement(NamedTuple):
    """One Dublin Core statement: element name (``title``, ``creator`` …), value, language."""

    name: str
    value: str
    lang: str = ""


def dublin_core(
    publication: Publication, *, page_url: str = "", has_softcopy: bool | None = None
) -> list[DcElement]:
    """The publication's Dublin Core statements, in the order of the DCMES element list.

    ``has_softcopy`` adds ``application/pdf`` to ``dc:format``; when it is ``None`` the
    ``has_softcopy`` annotation of :mod:`catalogue.selectors.oai` is used, else the
    database is asked.
    """
    if has_softcopy is None:
        annotated = getattr(publication, "has_softcopy", None)  # set by the OAI selectors
        has_softcopy = (
            bool(annotated)
            if annotated is not None
            else publication.pk is not None and publication.softcopies.exists()
        )
    return [
        *_title(publication),
        *_people(publication),
        *(DcElement("subject", subject.name) for subject in publication.subjects.all()),
        *(
            [DcElement("description", publication.abstract.strip())]
            if publication.abstract.strip()
            else []
        ),
        *([DcElement("publisher", publication.publisher)] if publication.publisher else []),
        *_date(publication),
        DcElement("type", DCMI_TYPE_TEXT),
        DcElement("type", publication.get_kind_display(), "id"),
        *_formats(publication, has_softcopy=has_softcopy),
        *_identifiers(publication, page_url=page_url),
        *(DcElement("language", code) for code in _languages(publication.language)),
        *_relations(publication),
        *_coverage(publication),
        DcElement("rights", RIGHTS_STATEMENT, "id"),
    ]


def _title(publication: Publication) -> list[DcElement]:
    title = publication.title.strip()
    subtitle = publication.subtitle.strip()
    return [DcElement("title", f"{title}: {subtitle}" if subtitle else title)]


def _people(publication: Publication) -> list[DcElement]:
    credits = publication_credits(publication=publication)
    creators = [c.contributor.name for c in credits if c.role in CREATOR_ROLES]
    others = [c.contributor.name for c in credits if c.role not in CREATOR_ROLES]
    if not creators and publication.publisher:
        # BPS publications are works of the office itself (a corporate author).
        creators = [publication.publisher]
    return [
        *(DcElement("creator", name) for name in _unique(creators)),
        *(DcElement("contributor", name) for name in _unique(others)),
    ]


def _date(publication: Publication) -> list[DcElement]:
    if publication.release_date:
        return [DcElement("date", publication.release_date.isoformat())]  # W3CDTF
    if publication.year:
        return [DcElement("date", str(publication.year))]
    return []


def _formats(publication: Publication, *, has_softcopy: bool) -> list[DcElement]:
    found = [DcElement("format", PDF_MEDIA_TYPE)] if has_softcopy else []
    if publication.pages.strip():
        found.append(DcElement("format", publication.pages.strip(), "id"))  # extent
    return found


def _identifiers(publication: Publication, *, page_url: str) -> list[DcElement]:
    found = [
        DcElement("identifier", f"urn:issn:{issn}")
        for issn in _unique([publication.issn_print, publication.issn_electronic])
    ]
    if publication.isbn:
        found.append(DcElement("identifier", f"urn:isbn:{publication.isbn}"))
    if publication.catalogue_number:
        found.append(DcElement("identifier", f"Katalog BPS: {publication.catalogue_number}"))
    if publication.publication_number:
        found.append(
            DcElement("identifier", f"Nomor Publikasi BPS: {publication.publication_number}")
        )
    if page_url:
        found.append(DcElement("identifier", page_url))
    return found


def _languages(language: str) -> list[str]:
    return _unique(code.strip() for code in language.split(","))


def _relations(publication: Publication) -> list[DcElement]:
    found = []
    if publication.issn_print:
        found.append(DcElement("relation", f"ISSN {publication.issn_print} (cetak)", "id"))
    if publication.issn_electronic and publication.issn_electronic != publication.issn_print:
        found.append(
            DcElement("relation", f"ISSN {publication.issn_electronic} (elektronik)", "id")
        )
    return found


def _coverage(publication: Publication) -> list[DcElement]:
    found = []
    if publication.area_name:
        found.append(DcElement("coverage", publication.area_name))
    period = " ".join(part for part in (publication.period, str(publication.year or "")) if part)
    if period:
        found.append(DcElement("coverage", period))
    return found


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def oai_dc_element(elements: Iterable[DcElement]) -> etree._Element:
    """An ``oai_dc:dc`` element (valid against oai_dc.xsd) holding the statements."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=NSMAP)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    for element in elements:
        child = etree.SubElement(root, f"{{{DC_NS}}}{element.name}")
        child.text = xml_safe(element.value)
        if element.lang:
            child.set(f"{{{XML_NS}}}lang", element.lang)
    return root


def xml_safe(text: str) -> str:
    """The text without characters XML 1.0 cannot carry (control characters from OCR/imports)."""
    return "".join(
        char
        for char in text
        if char in "\t\n\r"
        or 0x20 <= ord(char) <= 0xD7FF
        or 0xE000 <= ord(char) <= 0xFFFD
        or 0x10000 <= ord(char) <= 0x10FFFF
    )


COLLECTION_TAG = "records"  # a plain wrapper: oai_dc defines no collection element


def write_oai_dc_collection(
    publications: Iterable[Publication], stream: BinaryIO, *, page_url: PageUrl | None = None
) -> int:
    """Write one standalone XML document of ``oai_dc:dc`` records; returns how many.

    The wrapper ``<records>`` has no namespace; each record is a complete ``oai_dc:dc``
    that validates on its own. Records are written one at a time (``etree.xmlfile``), so a
    large catalogue does not have to fit in memory.
    """
    count = 0
    with etree.xmlfile(stream, encoding="UTF-8") as document:
        document.write_declaration()
        with document.element(COLLECTION_TAG):
            for publication in publications:
                url = page_url(publication) if page_url else ""
                document.write(oai_dc_element(dublin_core(publication, page_url=url)))
                count += 1
    return count
