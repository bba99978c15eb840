"""Scanner stations: add one (its token is returned once), revoke it, recognise its token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from scanning.errors import BadTokenError, StationNameError, StationNotFoundError
from scanning.models import Station

# last_seen is a hint for staff, not an audit trail: write it at most once a minute.
_SEEN_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class NewStation:
    station: Station
    token: str  # shown once; only its hash is kept


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh random token (32 bytes, URL-safe) and the hash that is all we keep of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def station_add(*, name: str) -> NewStation:
    clean = (name or "").strip()
    if not clean or len(clean) > 100:
        raise StationNameError(repr(name))
    token, hashed = new_token()
    try:
        with transaction.atomic():
            station = Station.objects.create(name=clean, token_hash=hashed)
    except IntegrityError as exc:
        raise StationNameError(f"{clean!r} exists") from exc
    return NewStation(station=station, token=token)


def station_new_token(*, station: Station) -> str:
    """Give a station a fresh token (the old one stops working); returned once."""
    token, station.token_hash = new_token()
    station.active, station.revoked_at = True, None
    station.save(update_fields=["token_hash", "active", "revoked_at"])
    return token


def station_revoke(*, name: str) -> Station:
    station = Station.objects.filter(name=(name or "").strip()).first()
    if station is None:
        raise StationNotFoundError(repr(name))
    if station.active:
        station.active, station.revoked_at = False, timezone.now()
        station.save(update_fields=["active", "revoked_at"])
    return station


def station_authenticate(*, token: str) -> Station:
    """The active station this token belongs to, or BadTokenError."""
    if not token:
        raise BadTokenError("no token")
    presented = token_hash(token)
    station = Station.objects.filter(token_hash=presented).first()
    # The lookup is by hash (useless to an attacker); compare again in constant time.
    if station is None or not hmac.compare_digest(station.token_hash, presented):
        raise BadTokenError("unknown token")
    if not station.active:
        raise BadTokenError("revoked")
    now = timezone.now()
    if station.last_seen_at is None or now - station.last_seen_at > _SEEN_EVERY:
        Station.objects.filter(pk=station.pk).update(last_seen_at=now)
        station.last_seen_at = now
    return station
