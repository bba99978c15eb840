"""Stateless resumption tokens: the list request and the last key seen, signed.

A token carries the verb, the query (from, until, set, metadataPrefix), the key
``(modified_at, id)`` of the last record delivered and how many were delivered before. It is
signed with the site's SECRET_KEY (Django's TimestampSigner), so a harvester cannot forge
or alter one, and it expires after ``OAI_TOKEN_MAX_AGE`` seconds. Nothing is stored on
the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing

from portal.oai.errors import BadResumptionToken

SALT = "pustaka.oai.resumption"
VERSION = 1


@dataclass(frozen=True)
class ListState:
    verb: str
    metadata_prefix: str
    since: dt.datetime | None
    until: dt.datetime | None  # exclusive
    set_spec: str
    after: tuple[dt.datetime, int] | None  # last (modified_at, id) delivered
    cursor: int  # records delivered before the next page


def encode(state: ListState) -> str:
    payload = {
        "v": VERSION,
        "verb": state.verb,
        "m": state.metadata_prefix,
        "f": _iso(state.since),
        "u": _iso(state.until),
        "s": state.set_spec,
        "k": [_iso(state.after[0]), state.after[1]] if state.after else None,
        "c": state.cursor,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def decode(token: str, *, verb: str, max_age: int) -> ListState:
    """The state a token carries, or BadResumptionToken if it is altered, expired or foreign."""
    try:
        payload: dict[str, Any] = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise BadResumptionToken(
            "resumptionToken sudah kedaluwarsa; mulailah memanen dari awal.",
            "The resumptionToken has expired; start the harvest again.",
        ) from None
    except signing.BadSignature:
        raise BadResumptionToken() from None
    try:
        if payload["v"] != VERSION or payload["verb"] != verb:
            raise BadResumptionToken(
                "resumptionToken ini milik permintaan lain.",
                "This resumptionToken belongs to another request.",
            )
        key = payload["k"]
        return ListState(
            verb=payload["verb"],
            metadata_prefix=str(payload["m"]),
            since=_moment(payload["f"]),
            until=_moment(payload["u"]),
            set_spec=str(payload["s"]),
            after=(_required(_moment(key[0])), int(key[1])) if key else None,
            cursor=int(payload["c"]),
        )
    except (KeyError, TypeError, ValueError, IndexError):
        raise BadResumptionToken() from None


def expiration(issued: dt.datetime, max_age: int) -> dt.datetime:
    return issued + dt.timedelta(seconds=max_age)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _required(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        raise ValueError("token key without a time")
    return moment
