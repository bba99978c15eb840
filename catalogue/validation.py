"""Checks and normal forms of catalogue values (pure functions: no database, no I/O).

Each check returns the normalised value or raises an ``InvalidFieldError`` subclass that
says which field and why. ``clean_publication`` applies them to a whole record and
collects every problem, so an import can report all of a row's errors at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from catalogue.errors import (
    InvalidCatalogueNumberError,
    InvalidFieldError,
    InvalidIsbnError,
    InvalidIssnError,
    InvalidPublicationNumberError,
)
from catalogue.models.holdings import Holding
from catalogue.models.publications import Contributor, Publication, PublicationContributor

_SEPARATORS = re.compile(r"[\s\-‐‑–]")  # spaces, hyphen-minus and the usual dashes
# 7-digit BPS subject/series code; the area after the dot is the issuing office's:
# 2 digits province (13), 4 regency/city (1377), 7 district (1377020). National
# publications carry no area part (1101001).
_CATALOGUE_NUMBER = re.compile(r"\d{7}(?:\.(?:\d{2}|\d{4}|\d{7}))?")
_PUBLICATION_NUMBER = re.compile(r"\d{5}\.\d{4}")
_AREA_CODE = re.compile(r"\d{2}|\d{4}|\d{7}|\d{10}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
YEAR_MIN, YEAR_MAX = 1800, 2100

TEXT_LIMITS = {
    "title": 500,
    "subtitle": 500,
    "period": 40,
    "area_name": 200,
    "publisher": 300,
    "edition": 100,
    "pages": 100,
}
LONG_TEXT = ("abstract", "notes")
SUBJECT_MAX, CONTRIBUTOR_MAX = 200, 300


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


def normalise_issn(value: str, *, field: str = "issn") -> str:
    """``1234-5679`` from any spacing/hyphenation; the check digit (mod 11, X = 10) must hold."""
    code = _compact(value)
    if not code or not re.fullmatch(r"\d*X?", code):
        raise InvalidIssnError(value, field=field, reason="characters")
    if len(code) != 8:
        raise InvalidIssnError(value, field=field, reason="length")
    total = sum(
        int(digit) * weight for digit, weight in zip(code[:7], range(8, 1, -1), strict=True)
    )
    check = (11 - total % 11) % 11
    if code[7] != ("X" if check == 10 else str(check)):
        raise InvalidIssnError(value, field=field, reason="check_digit")
    return f"{code[:4]}-{code[4:]}"


def normalise_isbn(value: str, *, field: str = "isbn") -> str:
    """The ISBN's digits (13, or 10 with a possible final X), its check digit verified."""
    code = _compact(value)
    if not code or not re.fullmatch(r"\d+X?", code):
        raise InvalidIsbnError(value, field=field, reason="characters")
    if len(code) == 13 and not code.endswith("X"):
        if code[:3] not in ("978", "979"):
            raise InvalidIsbnError(value, field=field, reason="prefix")
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code))
        if total % 10:
            raise InvalidIsbnError(value, field=field, reason="check_digit")
        return code
    if len(code) == 10:
        digits = [10 if d == "X" else int(d) for d in code]
        if sum(d * w for d, w in zip(digits, range(10, 0, -1), strict=True)) % 11:
            raise InvalidIsbnError(value, field=field, reason="check_digit")
        return code
    reason = "characters" if code.endswith("X") and len(code) == 13 else "length"
    raise InvalidIsbnError(value, field=field, reason=reason)


def normalise_catalogue_number(value: str, *, field: str = "catalogue_number") -> str:
    code = value.strip()
    if not _CATALOGUE_NUMBER.fullmatch(code):
        raise InvalidCatalogueNumberError(value, field=field, reason="format")
    return code


def normalise_publication_number(value: str, *, field: str = "publication_number") -> str:
    code = value.strip()
    if not _PUBLICATION_NUMBER.fullmatch(code):
        raise InvalidPublicationNumberError(value, field=field, reason="format")
    return code


def normalise_area_code(value: str, *, field: str = "area_code") -> str:
    code = value.strip()
    if not _AREA_CODE.fullmatch(code):
        raise InvalidFieldError(
            value,
            field=field,
            reason="format",
            message=(
                "Kode wilayah BPS terdiri atas 2, 4, 7 atau 10 angka (mis. 13, 1377).",
                "A BPS area code has 2, 4, 7 or 10 digits (e.g. 13, 1377).",
            ),
        )
    return code


def normalise_language(value: str, *, field: str = "language") -> str:
    """ISO 639 codes, lower case, comma-separated when a publication is bilingual."""
    codes = [code.strip().lower() for code in value.split(",")]
    if not all(_LANGUAGE.fullmatch(code) for code in codes):
        raise InvalidFieldError(
            value,
            field=field,
            reason="format",
            message=(
                "Bahasa ditulis dengan kode ISO 639, dipisah koma (mis. ind atau ind,eng).",
                "Languages are ISO 639 codes separated by commas (e.g. ind or ind,eng).",
            ),
        )
    return ",".join(codes)


def check_year(value: int | str, *, field: str = "year") -> int:
    text = str(value).strip()
    if not text.isdigit() or not YEAR_MIN <= int(text) <= YEAR_MAX:
        raise InvalidFieldError(
            str(value),
            field=field,
            reason="year",
            message=(
                f"Tahun harus berupa angka {YEAR_MIN}–{YEAR_MAX}.",
                f"The year must be a number from {YEAR_MIN} to {YEAR_MAX}.",
            ),
        )
    return int(text)


def check_choice(value: str, choices: type[models.TextChoices], *, field: str) -> str:
    """A choice's stored value; its Indonesian label is accepted too (any letter case)."""
    wanted = value.strip().casefold()
    for stored, label in choices.choices:
        if wanted in (str(stored).casefold(), str(label).casefold()):
            return str(stored)
    allowed = ", ".join(str(stored) for stored in choices.values)
    raise InvalidFieldError(
        value,
        field=field,
        reason="choice",
        message=(
            f"Pilihan tidak dikenal; yang sah: {allowed}.",
            f"Unknown choice; use: {allowed}.",
        ),
    )


def check_text(value: str, *, field: str, max_length: int | None, required: bool = False) -> str:
    text = value.strip()
    if required and not text:
        raise InvalidFieldError(
            value, field=field, reason="required", message=("Wajib diisi.", "Required.")
        )
    if max_length is not None and len(text) > max_length:
        raise InvalidFieldError(
            value[:60],
            field=field,
            reason="too_long",
            message=(
                f"Terlalu panjang (paling banyak {max_length} karakter).",
                f"Too long (at most {max_length} characters).",
            ),
        )
    return text


def parse_date(value: str | dt.date, *, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidFieldError(
            value,
            field=field,
            reason="date",
            message=(
                "Tanggal harus berformat TTTT-BB-HH (mis. 2024-02-28).",
                "A date is written YYYY-MM-DD (e.g. 2024-02-28).",
            ),
        ) from None


def parse_datetime(value: str | dt.datetime, *, field: str) -> dt.datetime:
    """An ISO 8601 moment with its UTC offset (a moment without one is ambiguous)."""
    if isinstance(value, dt.datetime):
        moment: dt.datetime | None = value
    else:
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidFieldError(
            str(value),
            field=field,
            reason="datetime",
            message=(
                "Waktu harus ISO 8601 dengan zona waktu (mis. 2024-02-28T09:00:00+07:00).",
                "A moment is ISO 8601 with its offset (e.g. 2024-02-28T09:00:00+07:00).",
            ),
        )
    return moment


@dataclass(frozen=True)
class ContributorSpec:
    """A contributor as credited on one publication."""

    name: str
    role: str = PublicationContributor.Role.AUTHOR
    kind: str = Contributor.Kind.PERSON


def clean_subjects(names: Sequence[str], *, field: str = "subjects") -> list[str]:
    """Stripped names, blanks dropped, repeats (ignoring letter case) removed, order kept."""
    cleaned: list[str] = []
    seen: set[str] = set()
    for name in names:
        text = " ".join(name.split())
        check_text(text, field=field, max_length=SUBJECT_MAX)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            cleaned.append(text)
    return cleaned


def clean_contributors(
    specs: Sequence[ContributorSpec | Sequence[str]], *, field: str = "contributors"
) -> list[ContributorSpec]:
    cleaned: list[ContributorSpec] = []
    seen: set[tuple[str, str]] = set()
    for spec in specs:
        item = spec if isinstance(spec, ContributorSpec) else ContributorSpec(*spec)
        name = check_text(" ".join(item.name.split()), field=field, max_length=CONTRIBUTOR_MAX)
        if not name:
            raise InvalidFieldError(
                repr(spec),
                field=field,
                reason="required",
                message=("Nama kontributor kosong.", "A contributor has no name."),
            )
        role = check_choice(item.role, PublicationContributor.Role, field=field)
        kind = check_choice(item.kind, Contributor.Kind, field=field)
        if (name.casefold(), role) not in seen:
            seen.add((name.casefold(), role))
            cleaned.append(ContributorSpec(name=name, role=role, kind=kind))
    return cleaned


FIELD_CHECKS: dict[str, Any] = {
    "catalogue_number": normalise_catalogue_number,
    "publication_number": normalise_publication_number,
    "issn_print": normalise_issn,
    "issn_electronic": normalise_issn,
    "isbn": normalise_isbn,
    "area_code": normalise_area_code,
}
_CHOICES: dict[str, type[models.TextChoices]] = {
    "frequency": Publication.Frequency,
    "visibility": Publication.Visibility,
}


def clean_publication(
    fields: Mapping[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], list[InvalidFieldError]]:
    """Normalise a publication's fields; return them with every error found (not just one).

    Blank optional values stay blank and are not checked. With ``partial`` only the given
    fields are cleaned (an update); otherwise ``title`` is required.
    """
    cleaned: dict[str, Any] = {}
    errors: list[InvalidFieldError] = []
    if not partial and "title" not in fields:
        fields = {**fields, "title": ""}
    for name, value in fields.items():
        try:
            cleaned[name] = _clean_one(name, value)
        except InvalidFieldError as exc:
            errors.append(exc)
    return cleaned, errors


def _clean_one(name: str, value: Any) -> Any:
    if name in FIELD_CHECKS:
        text = (value or "").strip()
        return FIELD_CHECKS[name](text, field=name) if text else ""
    if name in _CHOICES:
        text = (value or "").strip()
        if not text:
            if name == "visibility":
                return Publication.Visibility.PUBLIC
            return ""
        return check_choice(text, _CHOICES[name], field=name)
    if name in TEXT_LIMITS:
        return check_text(
            value or "", field=name, max_length=TEXT_LIMITS[name], required=name == "title"
        )
    if name in LONG_TEXT:
        return (value or "").strip()
    if name == "language":
        text = (value or "").strip()
        return normalise_language(text, field=name) if text else "ind"
    if name == "year":
        return None if value in (None, "") else check_year(value, field=name)
    if name in ("release_date", "scheduled_date"):
        return None if value in (None, "") else parse_date(value, field=name)
    if name == "subjects":
        return clean_subjects(list(value or []), field=name)
    if name == "contributors":
        return clean_contributors(list(value or []), field=name)
    if name == "cover":
        return value
    raise InvalidFieldError(
        name,
        field=name,
        reason="unknown_field",
        message=("Isian tidak dikenal.", "Unknown field."),
    )


HOLDING_TEXT_LIMITS = {"barcode": 64, "call_number": 100, "shelf_location": 100}


def clean_holding(
    fields: Mapping[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], list[InvalidFieldError]]:
    """Normalise a holding's fields (``barcode`` required unless ``partial``)."""
    cleaned: dict[str, Any] = {}
    errors: list[InvalidFieldError] = []
    if not partial and "barcode" not in fields:
        fields = {**fields, "barcode": ""}
    for name, value in fields.items():
        try:
            cleaned[name] = _clean_holding_one(name, value)
        except InvalidFieldError as exc:
            errors.append(exc)
    return cleaned, errors


def _clean_holding_one(name: str, value: Any) -> Any:
    if name in HOLDING_TEXT_LIMITS:
        limit = HOLDING_TEXT_LIMITS[name]
        return check_text(value or "", field=name, max_length=limit, required=name == "barcode")
    if name == "status":
        return check_choice(value or Holding.Status.AVAILABLE, Holding.Status, field=name)
    if name == "condition":
        return check_choice(value or Holding.Condition.GOOD, Holding.Condition, field=name)
    if name == "acquisition_date":
        return None if value in (None, "") else parse_date(value, field=name)
    if name == "status_changed_at":
        return None if value in (None, "") else parse_datetime(value, field=name)
    raise InvalidFieldError(
        name, field=name, reason="unknown_field", message=("Isian tidak dikenal.", "Unknown field.")
    )
