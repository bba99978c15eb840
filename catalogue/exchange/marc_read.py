"""``pymarc.Record`` -> an import ``Candidate``: Pustaka's own records and other systems'.

Pustaka writes every value bare (leader/18 ``c``); records from SLiMS and other systems
may carry ISBD punctuation (``Judul : anak judul /``), identifiers with qualifiers
(``978-602-... (pbk.)``), an ISSN in 020, two-letter language codes, no 008, and
SLiMS's garbled 300 (see docs/catalogue-marc.md): what can be mapped is, the rest is
reported per record.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from pymarc import Field, Record

from catalogue.errors import InvalidFieldError
from catalogue.exchange import marc_codes as codes
from catalogue.exchange.importing import Candidate, clean_record
from catalogue.models import Publication, PublicationContributor
from catalogue.services.publications import check_cover
from catalogue.validation import ContributorSpec, clean_holding, parse_datetime

_IDENTIFIER = re.compile(r"[0-9][0-9Xx\-‐‑– ]*[0-9Xx]")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d|2100)")
_ISBD_END = " /:;=,"


def record_to_candidate(number: int, record: Record) -> Candidate:
    control = record.get("001")
    candidate = Candidate(
        number=number,
        fields={},
        holdings=[],
        record_id=(control.data or "").strip() if control else "",
    )
    isbd = str(record.leader)[18:19] != "c"
    local = _subfield_map(record.get(codes.LOCAL_PUBLICATION))
    raw: dict[str, Any] = {
        name: local[code]
        for code, name in codes.LOCAL_SUBFIELDS.items()
        if code in local and name not in ("cover", "year")
    }
    raw["title"], raw["subtitle"] = _title(record, isbd)
    raw.update(_identifiers(record))
    raw["year"] = local.get("j") or _imprint_year(record)
    raw["publisher"] = _imprint(record, "b", isbd)
    raw["language"] = _languages(record)
    raw["edition"] = _joined(record, "250", "ab", isbd)
    raw["pages"] = _pages(record)
    raw["frequency"], unknown_frequency = _frequency(record)
    raw["notes"] = "\n".join(_values(record, ("500",), "a"))
    if unknown_frequency:
        extra = f"Frekuensi / Frequency: {unknown_frequency}"
        raw["notes"] = f"{raw['notes']}\n{extra}" if raw["notes"] else extra
    raw["abstract"] = "\n".join(_values(record, ("520",), "a"))
    raw["subjects"] = _subjects(record, isbd)
    raw["contributors"] = _contributors(record, isbd)
    cleaned, errors = clean_record(raw)
    for problem in errors:
        tag = codes.FIELD_TAGS.get(problem.field, "")
        candidate.field_error(problem, detail=f"[{tag}] {problem.detail}" if tag else "")
    candidate.fields = cleaned
    _cover(candidate, local.get("k", ""))
    _deleted(candidate, record, local.get(codes.LOCAL_DELETED_AT, ""))
    _holdings(candidate, record)
    return candidate


# --- descriptive fields -----------------------------------------------------------------


def _title(record: Record, isbd: bool) -> tuple[str, str]:
    field = record.get("245")
    if field is None:
        return "", ""
    title = " ".join(value.strip() for value in field.get_subfields("a", "n", "p"))
    subtitle = " ".join(value.strip() for value in field.get_subfields("b"))
    if isbd:
        title = title.rstrip(_ISBD_END).strip()
        subtitle = subtitle.lstrip(" :;=").rstrip(_ISBD_END).strip()
    return title, subtitle


def _identifiers(record: Record) -> dict[str, str]:
    """020 $a is the ISBN, or an ISSN when SLiMS put one there; 022 the print ISSN,
    776 $x the electronic one. Qualifiers such as ``(pbk.)`` are dropped."""
    found: dict[str, str] = {}
    for value in _values(record, ("020",), "a")[:1]:
        code = _identifier(value)
        compact = re.sub(r"[^0-9Xx]", "", code)
        found["issn_print" if len(compact) == 8 else "isbn"] = code
    for value in _values(record, ("022",), "a")[:1]:
        found["issn_print"] = _identifier(value)
    for value in _values(record, ("776",), "x")[:1]:
        found["issn_electronic"] = _identifier(value)
    return found


def _identifier(value: str) -> str:
    match = _IDENTIFIER.search(value)
    return match.group(0) if match else value.strip()


def _imprint(record: Record, code: str, isbd: bool) -> str:
    fields = sorted(
        record.get_fields("264", "260"),
        key=lambda field: (field.tag != "264" or field.indicator2 != "1", field.tag),
    )
    for field in fields:
        value = " ".join(part.strip() for part in field.get_subfields(code) if part.strip())
        if value:
            return value.rstrip(_ISBD_END).strip() if isbd else value
    return ""


def _imprint_year(record: Record) -> str:
    match = _YEAR.search(_imprint(record, "c", True))
    if match:
        return match.group(1)
    fixed = record.get("008")
    data = (fixed.data or "") if fixed else ""
    return data[7:11] if len(data) >= 11 and data[7:11].isdigit() else ""


def _languages(record: Record) -> str:
    languages: list[str] = []
    for value in _values(record, ("041",), "a"):
        code = value.strip().lower()
        parts = [code[i : i + 3] for i in range(0, len(code), 3)] if len(code) > 3 else [code]
        for part in parts:
            part = codes.LANGUAGE_TWO_TO_THREE.get(part, part)
            if part and part not in languages:
                languages.append(part)
    if not languages:
        fixed = record.get("008")
        data = (fixed.data or "") if fixed else ""
        code = data[35:38].strip().lower() if len(data) >= 38 else ""
        if code.isalpha() and code not in ("und", "zxx"):
            languages.append(code)
    return ",".join(languages)


def _pages(record: Record) -> str:
    field = record.get("300")
    if field is None:
        return ""
    a, b, c = (" ".join(field.get_subfields(code)).strip() for code in "abc")
    if a and c.startswith(a):  # SLiMS writes the whole collation again in $c
        return c.strip()
    text = a
    for separator, part in ((" : ", b), (" ; ", c)):
        if part:
            text = (
                f"{text} {part}"
                if text.endswith(tuple(":;")) or not text
                else text + separator + part
            )
    return text.strip()


def _frequency(record: Record) -> tuple[str, str]:
    """310 $a: our Indonesian label or code, or a common English word; anything else is
    kept in the notes rather than refusing the record."""
    for value in _values(record, ("310",), "a")[:1]:
        text = value.strip().rstrip(".,;").strip()
        word = text.casefold()
        if word in codes.FREQUENCY_WORDS:
            return codes.FREQUENCY_WORDS[word], ""
        for stored, label in Publication.Frequency.choices:
            if word in (str(stored).casefold(), str(label).casefold()):
                return str(stored), ""
        return "", text
    return "", ""


def _subjects(record: Record, isbd: bool) -> list[str]:
    names = []
    for field in record.get_fields(*codes.SUBJECT_TAGS):
        parts = [
            part.strip() for part in field.get_subfields("a", "x", "y", "z", "v") if part.strip()
        ]
        name = " -- ".join(parts)
        names.append(name.rstrip(".").strip() if isbd else name)
    return [name for name in names if name]


def _contributors(record: Record, isbd: bool) -> list[ContributorSpec]:
    specs = []
    for field in record.get_fields(*codes.PERSON_TAGS, *codes.BODY_TAGS):
        kind = "organisation" if field.tag in codes.BODY_TAGS else "person"
        parts = (
            field.get_subfields("a", "b") if kind == "organisation" else field.get_subfields("a")
        )
        name = ". ".join(part.strip().rstrip(",") for part in parts if part.strip())
        if isbd:
            name = name.rstrip(",").strip()
        if not name:
            continue
        for role in _roles(field):
            specs.append(ContributorSpec(name=name, role=role, kind=kind))
    return specs


def _roles(field: Field) -> list[str]:
    """$4 relator codes (or their URIs), else $e terms; unknown ones become ``ctb``."""
    known = {str(value) for value in PublicationContributor.Role.values}
    labels = {
        str(label).casefold(): str(value) for value, label in PublicationContributor.Role.choices
    }
    roles = []
    for code in field.get_subfields("4"):
        code = code.strip().rstrip("/").rsplit("/", 1)[-1].lower()
        roles.append(code if code in known else "ctb")
    if not roles:
        for term in field.get_subfields("e"):
            word = term.strip().rstrip(".,").strip().casefold()
            roles.append(codes.RELATOR_CODES.get(word) or labels.get(word) or "ctb")
    return list(dict.fromkeys(roles)) or ["aut"]


# --- local data, deletion, holdings ------------------------------------------------------


def _cover(candidate: Candidate, name: str) -> None:
    if name.strip():
        try:
            candidate.fields["cover"] = check_cover(name.strip())
        except InvalidFieldError as exc:
            candidate.field_error(exc, detail=f"[{codes.LOCAL_PUBLICATION} $k] {exc.detail}")


def _deleted(candidate: Candidate, record: Record, moment: str) -> None:
    if str(record.leader)[5:6] != "d":
        return
    if not moment:
        candidate.deleted_at = timezone.now()
        return
    try:
        candidate.deleted_at = parse_datetime(moment, field="deleted_at")
    except InvalidFieldError as exc:
        candidate.field_error(exc, detail=f"[{codes.LOCAL_PUBLICATION} $z] {exc.detail}")


def _holdings(candidate: Candidate, record: Record) -> None:
    """One copy per barcode (852/876/909 $p); a location without a barcode is no copy."""
    items: dict[str, dict[str, Any]] = {}
    for field in record.get_fields("852", "876", codes.LOCAL_ITEM):
        barcode = (field.get("p") or "").strip()
        if not barcode:
            continue
        item = items.setdefault(barcode, {"barcode": barcode})
        if field.tag == "852":
            item["shelf_location"] = " ".join(field.get_subfields("c")).strip()
            item["call_number"] = " ".join(field.get_subfields("h", "i")).strip()
        elif field.tag == "876":
            item["status"] = (field.get("j") or "").strip()
            item["acquisition_date"] = _date(field.get("d") or "")
        else:
            item["condition"] = (field.get("a") or "").strip()
            item["status_changed_at"] = (field.get("b") or "").strip()
    for index, item in enumerate(items.values(), start=1):
        cleaned, errors = clean_holding(item)
        for problem in errors:
            detail = f"[852/876/909] eksemplar/item {index}, {problem.field}: {problem.detail}"
            candidate.field_error(problem, column="holdings", detail=detail)
        candidate.holdings.append(cleaned)


def _date(value: str) -> str:
    """876 $d as MARC writes dates (yyyymmdd) or ISO."""
    text = value.strip()
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text


# --- helpers -----------------------------------------------------------------------------


def _subfield_map(field: Field | None) -> dict[str, str]:
    if field is None or field.control_field:
        return {}
    found: dict[str, str] = {}
    for subfield in field.subfields:
        found.setdefault(subfield.code, subfield.value.strip())
    return found


def _values(record: Record, tags: tuple[str, ...], code: str) -> list[str]:
    values: list[str] = []
    for field in record.get_fields(*tags):
        if not field.control_field:
            values.extend(value for value in field.get_subfields(code) if value.strip())
    return values


def _joined(record: Record, tag: str, subfield_codes: str, isbd: bool) -> str:
    field = record.get(tag)
    if field is None or field.control_field:
        return ""
    text = " ".join(part.strip() for part in field.get_subfields(*subfield_codes) if part.strip())
    return text.rstrip(_ISBD_END).strip() if isbd else text
