"""Which snapshots to keep: every one of the last hours, then the newest of each of the
last N days, weeks and months.

The same rule as ``restic forget --keep-within 24h --keep-daily N --keep-weekly N
--keep-monthly N``: one snapshot may count for its day, its week and its month; the
newest is always kept, and a backup made by hand an hour after the nightly one does not
replace it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Policy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 6
    within: timedelta = timedelta(hours=24)


def to_keep(taken: dict[str, datetime], policy: Policy, now: datetime) -> set[str]:
    """Names to keep, given each snapshot's time (in the library's time zone)."""
    newest_first = sorted(taken, key=lambda name: taken[name], reverse=True)
    keep = set(newest_first[:1]) | {n for n, t in taken.items() if now - t < policy.within}
    buckets: list[tuple[int, Callable[[datetime], Hashable]]] = [
        (policy.daily, lambda t: t.date()),
        (policy.weekly, lambda t: t.isocalendar()[:2]),
        (policy.monthly, lambda t: (t.year, t.month)),
    ]
    for count, bucket in buckets:
        seen: set[Hashable] = set()
        for name in newest_first:
            if len(seen) >= count:
                break
            key = bucket(taken[name])
            if key not in seen:
                seen.add(key)
                keep.add(name)
    return keep
