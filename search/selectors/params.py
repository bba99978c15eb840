"""Search parameters from a query string, validated before anything is built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from catalogue.models import Publication
from search.errors import BadSearchParameterError

MAX_PER_PAGE = 50
DEFAULT_PER_PAGE = 10
MAX_QUERY_CHARS = 200
MAX_VALUES = 20
# API facet names -> index attributes.
FACET_ATTRIBUTES = {"year": "year", "subject": "subjects", "area": "area_code", "kind": "kind"}


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    years: list[int] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def filters(self) -> dict[str, list[str | int]]:
        """Index attribute -> accepted values (values are escaped when the filter is built)."""
        return {
            "year": list(self.years),
            "subjects": list(self.subjects),
            "area_code": list(self.areas),
            "kind": list(self.kinds),
        }


def parse_params(getlist: Callable[[str], list[str]]) -> SearchParams:
    """Read ``q, year, subject, area, kind, page, per_page`` (a QueryDict's ``getlist``)."""
    q = " ".join((_first(getlist, "q") or "").split())
    if len(q) > MAX_QUERY_CHARS:
        raise BadSearchParameterError(f"q: at most {MAX_QUERY_CHARS} characters")
    years = [_int("year", v, 1000, 9999) for v in _values(getlist, "year")]
    kinds = _values(getlist, "kind")
    unknown = [k for k in kinds if k not in Publication.Kind.values]
    if unknown:
        raise BadSearchParameterError(f"kind: unknown value {unknown[0]!r}")
    page = _int("page", _first(getlist, "page") or "1", 1, 10_000)
    per_page = _int(
        "per_page", _first(getlist, "per_page") or str(DEFAULT_PER_PAGE), 1, MAX_PER_PAGE
    )
    return SearchParams(
        q=q,
        years=years,
        subjects=_values(getlist, "subject"),
        areas=_values(getlist, "area"),
        kinds=kinds,
        page=page,
        per_page=per_page,
    )


def _first(getlist: Callable[[str], list[str]], name: str) -> str | None:
    values = getlist(name)
    return values[-1] if values else None


def _values(getlist: Callable[[str], list[str]], name: str) -> list[str]:
    values = [v.strip() for v in getlist(name) if v.strip()]
    if len(values) > MAX_VALUES or any(len(v) > 200 for v in values):
        raise BadSearchParameterError(f"{name}: too many or too long values")
    return list(dict.fromkeys(values))


def _int(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise BadSearchParameterError(f"{name}: not a whole number: {value[:50]!r}") from None
    if not low <= number <= high:
        raise BadSearchParameterError(f"{name}: must be between {low} and {high}")
    return number
