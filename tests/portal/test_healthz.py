"""/healthz and `pustaka health` against the real components."""

from __future__ import annotations

import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from portal.stack import services

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

COMPONENTS = {
    "database",
    "broker",
    "workers",
    "search",
    "ocr",
    "scanner",
    "stack",
    "backup",
    "disk",
}
WARN_ONLY = {"backup", "disk"}


def test_healthz_is_200_when_every_component_is_up(
    client: Client,
    celery_worker_name: str,
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    url, key, _ = meilisearch_instance
    with override_settings(MEILISEARCH_URL=url, MEILISEARCH_API_KEY=key):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["components"]) == COMPONENTS
    # backup and disk only ever warn (this test environment has no backup yet)
    assert all(c["state"] == "ok" for n, c in body["components"].items() if n not in WARN_ONLY)
    assert body["components"]["backup"]["state"] == "warn"
    assert body["warnings"][0] == "backup"
    assert celery_worker_name in body["components"]["workers"]["names"]
    assert body["components"]["search"]["version"].startswith("1.")
    assert {"ind", "eng"} <= set(body["components"]["ocr"]["languages"])
    assert body["components"]["scanner"]["sane"]


def test_healthz_is_503_naming_search_when_meilisearch_stops(
    client: Client,
    celery_worker_name: str,
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    url, key, process = meilisearch_instance
    with override_settings(MEILISEARCH_URL=url, MEILISEARCH_API_KEY=key):
        assert client.get("/healthz").status_code == 200
        process.terminate()
        process.wait(10)
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["failed"] == ["search"]
    assert body["components"]["search"]["state"] == "down"
    assert body["components"]["search"]["error"]


def test_optional_component_does_not_fail_health(client: Client, celery_worker_name: str) -> None:
    dead = f"http://127.0.0.1:{services.free_port()}"
    with override_settings(MEILISEARCH_URL=dead, HEALTH_OPTIONAL_COMPONENTS=["search"]):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert (
        body["components"]["search"] | {"state": "down", "required": False}
        == body["components"]["search"]
    )


def test_health_command_exits_nonzero_naming_the_broker(
    celery_worker_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"redis://127.0.0.1:{services.free_port()}/0"
    with override_settings(REDIS_URL=dead), pytest.raises(SystemExit) as excinfo:
        call_command("health")
    assert excinfo.value.code == 1
    out = capsys.readouterr().out
    assert "broker" in out
    assert "DOWN" in out
    assert "broker" in out.split("overall:")[1]
