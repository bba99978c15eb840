"""Parsing and checking the arguments of an OAI-PMH request (section 3.1 and 4 of the spec)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from portal.oai.errors import BadArgument, BadVerb

# verb -> (required, optional) arguments; resumptionToken is exclusive where allowed
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset({"resumptionToken"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set", "resumptionToken"}),
    ),
    "ListRecords": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set", "resumptionToken"}),
    ),
}
# Patterns of the OAI-PMH schema, so every argument echoed in <request> stays valid.
METADATA_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


@dataclass(frozen=True)
class Request:
    verb: str
    arguments: dict[str, str]  # every argument but the verb, each given once


def parse(pairs: list[tuple[str, str]]) -> Request:
    """Check verb and arguments: missing, repeated, unknown or illegal ones are errors."""
    verbs = [value for key, value in pairs if key == "verb"]
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise BadVerb()
    verb = verbs[0]
    arguments: dict[str, str] = {}
    for key, value in pairs:
        if key == "verb":
            continue
        if key in arguments:
            raise BadArgument(f"Argumen {key} diulang.", f"The argument {key} is repeated.")
        arguments[key] = value
    required, optional = VERBS[verb]
    illegal = sorted(set(arguments) - required - optional)
    if illegal:
        names = ", ".join(illegal)
        raise BadArgument(
            f"Argumen tidak sah untuk {verb}: {names}.", f"Illegal arguments for {verb}: {names}."
        )
    if "resumptionToken" in arguments:
        if len(arguments) > 1:
            raise BadArgument(
                "resumptionToken harus menjadi satu-satunya argumen selain verb.",
                "resumptionToken must be the only argument besides verb.",
            )
        return Request(verb, arguments)
    missing = sorted(required - set(arguments))
    if missing:
        names = ", ".join(missing)
        raise BadArgument(
            f"Argumen wajib tidak ada: {names}.", f"Required arguments are missing: {names}."
        )
    _check_patterns(arguments)
    return Request(verb, arguments)


def _check_patterns(arguments: dict[str, str]) -> None:
    prefix = arguments.get("metadataPrefix")
    if prefix is not None and not METADATA_PREFIX.fullmatch(prefix):
        raise BadArgument("metadataPrefix tidak sah.", "The metadataPrefix is malformed.")
    set_spec = arguments.get("set")
    if set_spec is not None and not SET_SPEC.fullmatch(set_spec):
        raise BadArgument("setSpec tidak sah.", "The set argument is malformed.")
    if "identifier" in arguments and not arguments["identifier"].strip():
        raise BadArgument("identifier kosong.", "The identifier is empty.")


@dataclass(frozen=True)
class Window:
    """The [from, until] of a list request as datetimes; ``until`` is exclusive."""

    since: dt.datetime | None
    until: dt.datetime | None


def parse_window(since: str | None, until: str | None) -> Window:
    """Day (YYYY-MM-DD) or second (YYYY-MM-DDThh:mm:ssZ) granularity, the same for both.

    ``until`` names the last included day or second, so the exclusive bound is one day or
    one second later (datestamps are shown truncated to the second).
    """
    kinds = {_granularity(value) for value in (since, until) if value is not None}
    if len(kinds) > 1:
        raise BadArgument(
            "from dan until harus memakai granularitas yang sama.",
            "from and until must have the same granularity.",
        )
    start = _moment(since) if since is not None else None
    end = _moment(until, end=True) if until is not None else None
    if start is not None and end is not None and start >= end:
        raise BadArgument("from lebih akhir daripada until.", "from is later than until.")
    return Window(start, end)


def _granularity(value: str) -> str:
    if DAY.fullmatch(value):
        return "day"
    if SECOND.fullmatch(value):
        return "second"
    raise BadArgument(
        f"Tanggal tidak sah: {value!r} (YYYY-MM-DD atau YYYY-MM-DDThh:mm:ssZ).",
        f"Invalid date: {value!r} (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).",
    )


def _moment(value: str, *, end: bool = False) -> dt.datetime:
    try:
        if DAY.fullmatch(value):
            day = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), tzinfo=dt.UTC)
            return day + dt.timedelta(days=1) if end else day
        moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        return moment + dt.timedelta(seconds=1) if end else moment
    except (ValueError, OverflowError):
        raise BadArgument(f"Tanggal tidak ada: {value!r}.", f"No such date: {value!r}.") from None


def format_datestamp(moment: dt.datetime) -> str:
    """UTC, second granularity, ``Z`` — the repository's declared granularity."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
