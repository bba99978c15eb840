"""Queue depths straight from the Celery broker (Redis), for the digitisation monitor.

Celery's Redis transport keeps each queue as a list named after it (with priority
steps as ``name\\x06\\x16N`` lists) and the messages handed to workers but not yet
acknowledged in the ``unacked`` hash. Reading them is three round trips in one
pipeline; the result backend is never consulted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import redis
from django.conf import settings

from common.tasknames import ALL_QUEUES

PRIORITY_SEPARATOR = "\x06\x16"
PRIORITY_STEPS = (3, 6, 9)  # kombu's default steps; step 0 is the plain name
TIMEOUT_SECONDS = 0.5


@dataclass(frozen=True)
class BrokerState:
    reachable: bool
    depths: dict[str, int]  # messages waiting per queue
    unacked: int  # taken by a worker, not yet acknowledged (running or prefetched)


@lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )


def broker_state(queues: tuple[str, ...] = ALL_QUEUES) -> BrokerState:
    """How many messages wait in each queue; ``reachable=False`` when Redis does not answer."""
    keys = [
        [name, *(f"{name}{PRIORITY_SEPARATOR}{step}" for step in PRIORITY_STEPS)] for name in queues
    ]
    try:
        pipe = _client(settings.CELERY_BROKER_URL).pipeline(transaction=False)
        for names in keys:
            for key in names:
                pipe.llen(key)
        pipe.hlen("unacked")
        replies = pipe.execute()
    except redis.RedisError:
        return BrokerState(False, {name: 0 for name in queues}, 0)
    depths, position = {}, 0
    for name, names in zip(queues, keys, strict=True):
        depths[name] = sum(int(n) for n in replies[position : position + len(names)])
        position += len(names)
    return BrokerState(True, depths, int(replies[-1]))
