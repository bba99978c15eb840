"""The HTTP client against a fake portal over real sockets: retries, errors, idempotency."""

from __future__ import annotations

import hashlib

import pytest

from scanner_agent.client import AgentClient, RetryPolicy
from scanner_agent.errors import (
    AuthError,
    ConflictError,
    ServerError,
    ServerUnreachableError,
    TooLargeError,
)
from scanner_agent.wire import BatchCreate
from tests.scanner_agent.fake_portal import FakePortal


def batch_request(client_batch_id: str = "0b5c8f0e-2f7a-4d55-9a57-3b1f1d3c9e01") -> BatchCreate:
    return {
        "client_batch_id": client_batch_id,
        "title": "Kota Pariaman Dalam Angka 2024",
        "publication_id": None,
        "scan_task_id": None,
        "device": "test:0",
        "profile": "text-gray-300",
        "source": "adf",
        "resolution": 300,
        "mode": "Gray",
    }


def test_station_and_queue(client: AgentClient, portal: FakePortal) -> None:
    portal.task(3, "Statistik Daerah Pariaman")
    assert client.station() == {"id": 1, "name": "meja-1"}
    [task] = client.scan_tasks()
    assert task["title"] == "Statistik Daerah Pariaman"
    assert client.claim_task(3)["claimed_by"] == "meja-1"


def test_5xx_is_retried_with_backoff_until_it_succeeds(portal: FakePortal) -> None:
    waits: list[float] = []
    portal.state.fail_next = 2
    with AgentClient(
        portal.url, "station-token-for-tests", retry=RetryPolicy(3, 0.5, 8, waits.append)
    ) as c:
        assert c.station()["name"] == "meja-1"
    assert len(waits) == 2
    assert 0 <= waits[0] <= 0.5
    assert 0 <= waits[1] <= 1.0


def test_unreachable_server_after_retries(dead_url: str) -> None:
    waits: list[float] = []
    client = AgentClient(dead_url, "t", retry=RetryPolicy(3, 0.1, 1, waits.append))
    with client, pytest.raises(ServerUnreachableError) as error:
        client.station()
    assert len(waits) == 2
    assert error.value.exit_code == 75
    assert "cannot be reached" in error.value.message_en


def test_a_bad_token_is_not_retried_and_carries_the_servers_message(portal: FakePortal) -> None:
    waits: list[float] = []
    client = AgentClient(portal.url, "wrong", retry=RetryPolicy(3, 0.1, 1, waits.append))
    with client, pytest.raises(AuthError) as error:
        client.station()
    assert waits == []
    assert (error.value.status, error.value.server_code) == (401, "bad_token")
    assert error.value.message_id == "ID: bad_token"
    assert error.value.message_en == "EN: bad_token"


def test_pages_are_idempotent_and_conflicts_are_clear(client: AgentClient) -> None:
    created = client.create_batch(batch_request())
    assert client.create_batch(batch_request())["id"] == created["id"]
    page = b"\x89PNG\r\n\x1a\n page one"
    digest = hashlib.sha256(page).hexdigest()
    assert client.put_page(created["id"], 1, page, digest, "image/png")["status"] == "stored"
    assert client.put_page(created["id"], 1, page, digest, "image/png")["status"] == "duplicate"
    other = page + b"!"
    with pytest.raises(ConflictError) as conflict:
        client.put_page(created["id"], 1, other, hashlib.sha256(other).hexdigest(), "image/png")
    assert conflict.value.server_code == "page_conflict"
    with pytest.raises(ConflictError) as missing:
        client.close_batch(created["id"], 2)
    assert missing.value.body["missing"] == [2]
    assert client.close_batch(created["id"], 1)["state"] == "closed"
    assert client.batch(created["id"])["job"]["pages_done"] == 0


def test_too_large_and_bad_checksum(client: AgentClient, portal: FakePortal) -> None:
    portal.state.max_bytes = 10
    created = client.create_batch(batch_request())
    big = b"x" * 11
    with pytest.raises(TooLargeError) as too_large:
        client.put_page(created["id"], 1, big, hashlib.sha256(big).hexdigest(), "image/png")
    assert too_large.value.exit_code == TooLargeError.exit_code
    with pytest.raises(ServerError) as bad:
        client.put_page(created["id"], 1, b"abc", "0" * 64, "image/png")
    assert bad.value.server_code == "checksum_mismatch"
