"""Publication (with subjects, credits and holdings) -> ``pymarc.Record``.

Text is written without ISBD punctuation (leader/18 = ``c``), so each subfield holds
exactly the stored value and a round trip gives it back unchanged.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from pymarc import Field, Indicators, Leader, Record, Subfield

from catalogue.exchange import marc_codes as codes
from catalogue.models import Contributor, Holding, Publication
from catalogue.selectors.publications import publication_credits

BLANK = Indicators(" ", " ")


def publication_to_record(publication: Publication) -> Record:
    record = Record(leader=str(_leader(publication)), force_utf8=True)
    record.add_field(Field(tag="001", data=str(publication.pk)))
    record.add_field(Field(tag="005", data=_moment(publication.modified_at)))
    record.add_field(Field(tag="008", data=_fixed_008(publication)))
    _identifiers(record, publication)
    _languages(record, publication)
    credits = publication_credits(publication=publication)
    for position, credit in enumerate(credits):
        record.add_field(_credit_field(credit.contributor, credit.role, main=position == 0))
    _description(record, publication, has_main_entry=bool(credits))
    for subject in publication.subjects.all():
        record.add_field(_field("650", [("a", subject.name)], Indicators(" ", "4")))
    if publication.issn_electronic:
        record.add_field(
            _field(
                "776",
                [("i", "Versi elektronik / Online version"), ("x", publication.issn_electronic)],
                Indicators("0", "8"),
            )
        )
    for holding in sorted(publication.holdings.all(), key=lambda holding: holding.pk):
        _holding_fields(record, holding)
    record.add_field(_local_field(publication))
    return record


def _leader(publication: Publication) -> Leader:
    leader = list("00000nam a2200000 c 4500")  # lengths are filled in when written
    if publication.deleted_at is not None:
        leader[5] = "d"
    if publication.issn_print or publication.issn_electronic:
        leader[7] = "s"  # a serial: it has an ISSN
    return Leader("".join(leader))


def _fixed_008(publication: Publication) -> str:
    """40 positions: entry date, date type and year, Indonesia, the book or serial block,
    first language, cataloguing source."""
    entered = timezone.localtime(publication.created_at).strftime("%y%m%d")
    dates = f"s{publication.year}    " if publication.year else "nuuuu    "
    if publication.issn_print or publication.issn_electronic:
        frequency, regularity = codes.FREQUENCY_008.get(publication.frequency, ("u", "u"))
        block = f"{frequency}{regularity} p      f0    0"  # 18-34, continuing resources
    else:
        block = " " * 10 + "f000 0 "  # 18-34 for books; 28 "f": a government publication
    language = (publication.language.split(",")[0] + "   ")[:3]
    return f"{entered}{dates}{codes.COUNTRY_INDONESIA}{block}{language} d"


def _identifiers(record: Record, publication: Publication) -> None:
    if publication.isbn:
        record.add_field(_field("020", [("a", publication.isbn)]))
    if publication.issn_print:
        record.add_field(_field("022", [("a", publication.issn_print)]))


def _languages(record: Record, publication: Publication) -> None:
    languages = [code for code in publication.language.split(",") if code]
    if languages:
        record.add_field(_field("041", [("a", code) for code in languages], Indicators("0", " ")))


def _credit_field(contributor: Contributor, role: str, *, main: bool) -> Field:
    person = contributor.kind == Contributor.Kind.PERSON
    tag = ("100" if person else "110") if main else ("700" if person else "710")
    # Indonesian names are mostly written in direct order: forename (0) / name (2).
    indicators = Indicators("0" if person else "2", " ")
    term = codes.RELATOR_TERMS.get(role, role)
    return _field(tag, [("a", contributor.name), ("e", term), ("4", role)], indicators)


def _description(record: Record, publication: Publication, *, has_main_entry: bool) -> None:
    title = [("a", publication.title)]
    if publication.subtitle:
        title.append(("b", publication.subtitle))
    record.add_field(_field("245", title, Indicators("1" if has_main_entry else "0", "0")))
    if publication.edition:
        record.add_field(_field("250", [("a", publication.edition)]))
    imprint = []
    if publication.publisher:
        imprint.append(("b", publication.publisher))
    if publication.year:
        imprint.append(("c", str(publication.year)))
    if imprint:
        record.add_field(_field("264", imprint, Indicators(" ", "1")))
    if publication.pages:
        record.add_field(_field("300", [("a", publication.pages)]))
    if publication.frequency:
        label = Publication.Frequency(publication.frequency).label
        record.add_field(_field("310", [("a", str(label))]))
    if publication.notes:
        record.add_field(_field("500", [("a", publication.notes)]))
    if publication.abstract:
        record.add_field(_field("520", [("a", publication.abstract)]))


def _holding_fields(record: Record, holding: Holding) -> None:
    """852 where the copy is, 876 its state and acquisition, 909 what MARC has no place for."""
    location = [("p", holding.barcode)]
    if holding.shelf_location:
        location.append(("c", holding.shelf_location))
    if holding.call_number:
        location.append(("h", holding.call_number))
    record.add_field(_field("852", location))
    item = [("p", holding.barcode), ("j", holding.status)]
    if holding.acquisition_date:
        item.append(("d", holding.acquisition_date.strftime("%Y%m%d")))
    record.add_field(_field("876", item))
    local = [("p", holding.barcode), ("a", holding.condition)]
    if holding.status_changed_at:
        local.append(("b", holding.status_changed_at.isoformat()))
    record.add_field(_field(codes.LOCAL_ITEM, local))


def _local_field(publication: Publication) -> Field:
    subfields = []
    for code, name in codes.LOCAL_SUBFIELDS.items():
        value = publication.cover.name if name == "cover" else getattr(publication, name)
        if value not in (None, ""):
            subfields.append(
                (code, value.isoformat() if isinstance(value, dt.date) else str(value))
            )
    if publication.deleted_at is not None:
        subfields.append((codes.LOCAL_DELETED_AT, publication.deleted_at.isoformat()))
    return _field(codes.LOCAL_PUBLICATION, subfields)


def _field(tag: str, subfields: list[tuple[str, str]], indicators: Indicators = BLANK) -> Field:
    return Field(
        tag=tag,
        indicators=indicators,
        subfields=[Subfield(code=code, value=value) for code, value in subfields],
    )


def _moment(value: dt.datetime) -> str:
    """005: yyyymmddhhmmss.f in UTC."""
    value = value.astimezone(dt.UTC)
    return value.strftime("%Y%m%d%H%M%S") + f".{value.microsecond // 100000}"
