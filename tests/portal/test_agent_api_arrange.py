# ruff: noqa: F811  (the agent API tests' fixtures are imported and used by name)
"""Closing a batch with an order: what a scanner station sends after the librarian
deleted, reordered, rotated (a new part) or rescanned (another new part) pages.

Every response is validated against portal/agent/openapi.json.
"""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from catalogue.models import DigitisationJob, JobInput, JobPage
from catalogue.services import jobs as job_services

# The agent API tests' fixtures (a station, its authorised client, private storage) too.
from tests.portal.test_agent_api import _open, _put, _storage, agent, checked, station  # noqa: F401
from tests.scanning.scan_support import png_bytes

CLOSE = "/api/v1/batches/{batch_id}/close"
DETAIL = "/api/v1/batches/{batch_id}"


def _close(agent: Client, batch_id: int, body: dict[str, Any]) -> Any:
    return agent.post(
        f"/api/v1/batches/{batch_id}/close", json.dumps(body), content_type="application/json"
    )


def _inputs(job_id: int) -> list[str]:
    keys = JobInput.objects.filter(job_id=job_id).order_by("position")
    return [key.rsplit("-", 1)[1] for key in keys.values_list("client_key", flat=True)]


def test_close_with_an_order_keeps_exactly_those_parts_in_that_order(agent: Client) -> None:
    batch = _open(agent).json()
    for number in range(1, 9):  # 1-6 scanned, 7 = page 2 rotated, 8 = page 5 rescanned
        assert _put(agent, batch["id"], number, png_bytes(10 * number)).status_code == 201
    detail = checked(agent.get(f"/api/v1/batches/{batch['id']}"), DETAIL, "get")
    assert [p["number"] for p in detail["parts"]] == list(range(1, 9))
    assert {p["ocr"] for p in detail["parts"]} == {"queued"}  # no worker ran yet
    assert detail["job_url"] == f"/staf/digitalisasi/{batch['job_id']}/"

    order = [1, 7, 3, 8, 6]
    missing = _close(agent, batch["id"], {"page_count": 6, "order": [*order, 9]})
    assert checked(missing, CLOSE, "post")["missing"] == [9]
    bad = _close(agent, batch["id"], {"page_count": 5, "order": [1, 1, 3, 8, 6]})
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_request")

    closed = checked(_close(agent, batch["id"], {"page_count": 5, "order": order}), CLOSE, "post")
    assert (closed["state"], closed["page_count"], closed["page_order"]) == ("closed", 5, order)
    assert closed["pages_received"] == [1, 3, 6, 7, 8]  # parts 2, 4 and 5 withdrawn
    assert _inputs(batch["job_id"]) == ["1", "7", "3", "8", "6"]
    job = DigitisationJob.objects.get(pk=batch["job_id"])
    assert (job.inputs_total, job.is_closed) == (5, True)

    again = _close(agent, batch["id"], {"page_count": 5, "order": order})
    assert again.status_code == 200  # idempotent
    other = _close(agent, batch["id"], {"page_count": 5, "order": [7, 1, 3, 8, 6]})
    assert (other.status_code, other.json()["code"]) == (409, "batch_closed")
    withdrawn = _put(agent, batch["id"], 4, png_bytes(40))  # a late re-send of a deleted part
    assert (withdrawn.status_code, withdrawn.json()["code"]) == (409, "batch_closed")


def test_an_unchanged_order_keeps_positions_and_a_plain_close_still_works(agent: Client) -> None:
    batch = _open(agent).json()
    for number in (1, 2, 3):
        assert _put(agent, batch["id"], number, png_bytes(number)).status_code == 201
    closed = checked(_close(agent, batch["id"], {"page_count": 2, "order": [1, 2]}), CLOSE, "post")
    assert closed["page_order"] == [1, 2]
    positions = JobInput.objects.filter(job_id=batch["job_id"]).order_by("position")
    assert list(positions.values_list("position", flat=True)) == [1, 2]
    plain = _open(agent).json()
    assert _put(agent, plain["id"], 1, png_bytes(7)).status_code == 201
    body = checked(_close(agent, plain["id"], {"page_count": 1}), CLOSE, "post")
    assert (body["state"], body["page_order"]) == ("closed", None)


def test_a_worker_busy_with_a_withdrawn_page_stops_quietly(agent: Client) -> None:
    batch = _open(agent).json()
    for number in (1, 2):
        assert _put(agent, batch["id"], number, png_bytes(number)).status_code == 201
    doomed = JobInput.objects.get(job_id=batch["job_id"], client_key__endswith="-page-2")
    job_services.input_expand(input_id=doomed.pk, pages=[(1, "image")], info={})
    page = JobPage.objects.get(input=doomed)
    assert job_services.page_start(page_id=page.pk, worker="w1") is not None
    assert _close(agent, batch["id"], {"page_count": 1, "order": [1]}).status_code == 200
    job_services.page_finish(  # the worker comes back after the page was withdrawn
        page_id=page.pk, text="", ocr=True, blank=False, pdf_name="", hocr_name="", facts={}
    )
    job_services.input_expand(input_id=doomed.pk, pages=[(1, "image")], info={})
    assert job_services.page_start(page_id=page.pk, worker="w1") is None
    job = DigitisationJob.objects.get(pk=batch["job_id"])
    assert (job.inputs_total, job.pages_total, job.pages_done) == (1, 0, 0)
