"""The scanner agent API over HTTP (Django's test client): contract, schema, and a real run.

Every response is validated against portal/agent/openapi.json, so the published schema
cannot drift from what the server really sends.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.test import Client
from django.urls import URLPattern

from catalogue.models import DigitisationJob, Holding, JobInput, Publication
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create
from scanning.services.requests import (
    scan_request_create_digitise,
    scan_request_create_scan_to_email,
)
from scanning.services.stations import NewStation, station_add, station_revoke
from tests.scanning.scan_support import png_bytes, sha

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "portal/agent/openapi.json").read_text("utf-8")
)


@pytest.fixture
def _storage(settings, tmp_path: Path) -> None:
    """Files in a private folder (not for the real-worker test: the worker reads var/)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


@pytest.fixture
def station(db: None) -> NewStation:
    return station_add(name="Pemindai API")


@pytest.fixture
def agent(client: Client, station: NewStation, _storage: None) -> Client:
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {station.token}"
    return client


@pytest.fixture
def publication(db: None) -> Publication:
    return publication_create(title="Statistik Daerah Kota Pariaman 2024")


def checked(response: Any, path: str, method: str) -> Any:
    """Validate a response against the schema of (path, method, status); return its JSON."""
    responses = SCHEMA["paths"][path][method]["responses"]
    assert str(response.status_code) in responses, (path, method, response.status_code)
    schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
    body = response.json()
    jsonschema.Draft202012Validator(
        {**schema, "components": SCHEMA["components"]},
        format_checker=jsonschema.FormatChecker(),
    ).validate(body)
    return body


def _open(agent: Client, **fields: Any) -> Any:
    body = {"client_batch_id": str(uuid.uuid4()), "title": "Uji", "source": "adf",
            "resolution": 300, "device": "test:0", "profile": "text-gray-300", "mode": "Gray",
            **fields}  # fmt: skip
    return agent.post("/api/v1/batches", json.dumps(body), content_type="application/json")


def _put(
    agent: Client, batch_id: int, number: int, data: bytes, digest: str | None = None,
    content_type: str = "image/png",
) -> Any:  # fmt: skip
    return agent.put(
        f"/api/v1/batches/{batch_id}/pages/{number}",
        data,
        content_type=content_type,
        headers={"X-Content-SHA256": digest if digest is not None else sha(data)},
    )


def _close(agent: Client, batch_id: int, count: int) -> Any:
    return agent.post(
        f"/api/v1/batches/{batch_id}/close",
        json.dumps({"page_count": count}),
        content_type="application/json",
    )


def test_every_route_is_in_the_schema_and_the_schema_is_served(client: Client) -> None:
    from portal.agent.urls import urlpatterns

    documented = set(SCHEMA["paths"])
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        assert f"/api/v1/{route}" in documented, route
    assert len(urlpatterns) == len(documented)
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert json.loads(b"".join(served.streaming_content)) == SCHEMA
    assert SCHEMA["openapi"].startswith("3.1")


@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc", "Bearer "])
def test_missing_or_unknown_token_is_401(client: Client, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/station", headers=headers)
    assert response.status_code == 401
    body = checked(response, "/api/v1/station", "get")
    assert body["code"] == "bad_token"
    assert body["id"]
    assert body["en"]


def test_revoked_token_is_401_everywhere(agent: Client, station: NewStation) -> None:
    assert checked(agent.get("/api/v1/station"), "/api/v1/station", "get")["name"] == "Pemindai API"
    station_revoke(name="Pemindai API")
    for response in (agent.get("/api/v1/station"), agent.get("/api/v1/scan-tasks"), _open(agent)):
        assert response.status_code == 401
        assert response.json()["code"] == "bad_token"


def test_queue_and_claim(agent: Client, publication: Publication) -> None:
    holding = holding_create(publication=publication, barcode="PST-9")
    first = scan_request_create_digitise(holding=holding)
    second = scan_request_create_scan_to_email(
        publication=publication, email="a@example.org", pages="2-4"
    )
    tasks = checked(agent.get("/api/v1/scan-tasks"), "/api/v1/scan-tasks", "get")["tasks"]
    assert [t["id"] for t in tasks] == [first.pk, second.pk]
    assert tasks[0]["holding_barcode"] == "PST-9"
    assert tasks[1]["pages"] == "2-4"
    path = "/api/v1/scan-tasks/{task_id}/claim"
    claimed = checked(agent.post(f"/api/v1/scan-tasks/{second.pk}/claim"), path, "post")
    assert claimed["state"] == "claimed"
    assert claimed["claimed_by"] == "Pemindai API"
    assert agent.post(f"/api/v1/scan-tasks/{second.pk}/claim").status_code == 200
    other = Client(headers={"Authorization": f"Bearer {station_add(name='Lain').token}"})
    taken = other.post(f"/api/v1/scan-tasks/{second.pk}/claim")
    assert checked(taken, path, "post")["code"] == "task_taken"
    assert taken.status_code == 409
    assert [t["id"] for t in other.get("/api/v1/scan-tasks").json()["tasks"]] == [first.pk]
    missing = other.post("/api/v1/scan-tasks/999999/claim")
    assert missing.status_code == 404
    assert checked(missing, path, "post")["code"] == "task_not_found"


def test_batch_open_is_idempotent_and_rejects_bad_fields(agent: Client) -> None:
    key = str(uuid.uuid4())
    first = _open(agent, client_batch_id=key)
    again = _open(agent, client_batch_id=key)
    assert (first.status_code, again.status_code) == (201, 200)
    body = checked(first, "/api/v1/batches", "post")
    assert checked(again, "/api/v1/batches", "post")["id"] == body["id"]
    assert body["state"] == "open"
    assert body["pages_received"] == []
    for bad in ({"client_batch_id": "x"}, {"resolution": "300"}, {"source": "roll"},
                {"resolution": 9600}, {"publication_id": True}):  # fmt: skip
        response = _open(agent, **bad)
        assert response.status_code == 400, bad
        assert checked(response, "/api/v1/batches", "post")["code"] == "bad_request"
    garbage = agent.post("/api/v1/batches", "{not json", content_type="application/json")
    assert garbage.status_code == 400
    unknown = _open(agent, publication_id=987654)
    assert unknown.status_code == 404


def test_page_upload_stored_duplicate_conflict_mismatch_closed_too_large(
    agent: Client, settings
) -> None:
    path = "/api/v1/batches/{batch_id}/pages/{number}"
    batch = _open(agent).json()
    page = png_bytes(255)
    stored = _put(agent, batch["id"], 1, page)
    assert stored.status_code == 201
    assert checked(stored, path, "put") == {"number": 1, "sha256": sha(page), "status": "stored"}
    duplicate = _put(agent, batch["id"], 1, page)
    assert duplicate.status_code == 200
    assert checked(duplicate, path, "put")["status"] == "duplicate"
    conflict = _put(agent, batch["id"], 1, png_bytes(0))
    assert conflict.status_code == 409
    assert checked(conflict, path, "put")["code"] == "page_conflict"
    mismatch = _put(agent, batch["id"], 2, png_bytes(0), digest=sha(page))
    assert mismatch.status_code == 400
    assert checked(mismatch, path, "put")["code"] == "checksum_mismatch"
    not_image = _put(agent, batch["id"], 2, b"GIF89a\x01\x00\x01\x00", content_type="image/png")
    assert not_image.status_code == 415
    assert checked(not_image, path, "put")["code"] == "unsupported_type"
    settings.SCAN_PAGE_MAX_BYTES = 100
    big = _put(agent, batch["id"], 2, png_bytes(0, size=(400, 400)) + b"\0" * 200)
    assert big.status_code == 413
    assert checked(big, path, "put")["code"] == "too_large"
    settings.SCAN_PAGE_MAX_BYTES = 10_000_000
    assert JobInput.objects.filter(job_id=batch["job_id"]).count() == 1  # nothing else kept
    assert checked(_close(agent, batch["id"], 1), "/api/v1/batches/{batch_id}/close", "post")
    closed = _put(agent, batch["id"], 2, png_bytes(0))
    assert closed.status_code == 409
    assert checked(closed, path, "put")["code"] == "batch_closed"
    again = _put(agent, batch["id"], 1, page)
    assert again.status_code == 200  # a late re-send of a stored page is still a duplicate


def test_close_with_missing_pages_lists_them(agent: Client) -> None:
    close_path = "/api/v1/batches/{batch_id}/close"
    batch = _open(agent).json()
    for number in (1, 2, 4):
        assert _put(agent, batch["id"], number, png_bytes(number)).status_code == 201
    response = _close(agent, batch["id"], 6)
    assert response.status_code == 409
    body = checked(response, close_path, "post")
    assert body["code"] == "pages_missing"
    assert body["missing"] == [3, 5, 6]
    assert _put(agent, batch["id"], 3, png_bytes(3)).status_code == 201
    closed = checked(_close(agent, batch["id"], 4), close_path, "post")
    assert closed["state"] == "closed"
    assert closed["pages_received"] == [1, 2, 3, 4]
    assert _close(agent, batch["id"], 4).status_code == 200  # idempotent
    detail = checked(
        agent.get(f"/api/v1/batches/{batch['id']}"), "/api/v1/batches/{batch_id}", "get"
    )
    assert detail["job"]["state"] == "processing"


def test_a_station_sees_only_its_own_batches(agent: Client) -> None:
    batch = _open(agent).json()
    other = Client(headers={"Authorization": f"Bearer {station_add(name='Lain').token}"})
    response = other.get(f"/api/v1/batches/{batch['id']}")
    assert response.status_code == 404
    assert response.json()["code"] == "batch_not_found"
    assert _put(other, batch["id"], 1, png_bytes()).status_code == 404


def test_wrong_method_is_a_json_405(agent: Client) -> None:
    response = agent.delete("/api/v1/batches")
    assert response.status_code == 405
    assert response.json()["code"] == "bad_request"


METHODS = ("get", "post", "put", "patch", "delete")


def _operations(path_item: dict[str, Any]) -> set[str]:
    return {m for m in path_item if m in METHODS}


def test_every_route_answers_exactly_the_documented_methods(agent: Client) -> None:
    """The schema is hand-maintained: a method added to or dropped from a view shows here.

    Any method not in the schema gets 405 and an Allow header naming exactly the
    schema's methods (so documented methods are served, and nothing else is).
    """
    for path, item in SCHEMA["paths"].items():
        documented = _operations(item)
        assert documented, path
        url = re.sub(r"\{\w+\}", "1", path)
        for method in set(METHODS) - documented:
            response = getattr(agent, method)(url)
            assert response.status_code == 405, (path, method, response.status_code)
            allowed = {m.strip().lower() for m in response["Allow"].split(",")}
            assert allowed == documented, (path, allowed, documented)


def test_the_schema_is_well_formed(agent: Client) -> None:
    """Every $ref resolves, every schema is a valid JSON Schema, every operation says 401."""
    text = json.dumps(SCHEMA)
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/(\w+)"', text)):
        assert ref in SCHEMA["components"]["schemas"], ref
    for schema in SCHEMA["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    for path, item in SCHEMA["paths"].items():
        for method in _operations(item):
            responses = item[method]["responses"]
            for status, response in responses.items():
                body = response["content"]["application/json"]["schema"]
                jsonschema.Draft202012Validator.check_schema(body)
                if status.startswith(("4", "5")):
                    assert "Error" in json.dumps(body), (path, method, status)
            if path != "/api/v1/openapi.json":  # the only route without a token
                assert "401" in responses, (path, method)


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_three_png_pages_through_the_api_become_one_searchable_pdf(
    celery_worker_name: str, tmp_path: Path
) -> None:
    from bench.corpus import make_page
    from bench.corpus_files import write_png
    from tests.workers.jobwait import page_count, page_text, wait_for

    station = station_add(name="Pemindai E2E")
    agent = Client(headers={"Authorization": f"Bearer {station.token}"})
    publication = publication_create(title="Indikator Kesejahteraan Rakyat")
    holding = holding_create(publication=publication, barcode="PST-E2E")
    task = scan_request_create_digitise(holding=holding)
    batch = _open(agent, scan_task_id=task.pk, title="").json()
    pages = [make_page(40 + n, kind="prose", dpi=150, size="B5") for n in range(3)]
    for number in (2, 1, 3):  # out of order on purpose: the PDF must follow the numbers
        data = write_png(pages[number - 1], tmp_path / f"{number}.png").read_bytes()
        assert _put(agent, batch["id"], number, data).status_code == 201
    assert _close(agent, batch["id"], 3).status_code == 200
    job = wait_for(batch["job_id"], timeout=240)
    assert job.state == DigitisationJob.JobState.DONE, (job.error_en, job.error_detail)
    assert job.source == "scanner"
    assert job.publication_id == publication.pk
    from catalogue.storage import local_path

    assert job.softcopy is not None
    pdf = local_path(job.softcopy.file.name)
    assert pdf is not None
    assert page_count(pdf) == 3
    for number, page in enumerate(pages, start=1):
        truth = {w.lower() for w in re.findall(r"[A-Za-z]{7,}", page.text)}
        found = {w.lower() for w in re.findall(r"[A-Za-z]{7,}", page_text(pdf, number))}
        assert len(truth & found) >= 0.6 * len(truth), f"page {number}"
    detail = agent.get(f"/api/v1/batches/{batch['id']}")
    body = checked(detail, "/api/v1/batches/{batch_id}", "get")
    assert body["job"] == {"state": "done", "pages_done": 3, "pages_total": 3,
                           "softcopy_id": job.softcopy_id}  # fmt: skip
    # The worker finishes the scan task just after it commits the assembled job.
    deadline = time.monotonic() + 30
    while task.state != "done" and time.monotonic() < deadline:
        time.sleep(0.2)
        task.refresh_from_db()
    assert task.state == "done"  # finished by the worker after assembly
    assert Holding.objects.get(pk=holding.pk).status == Holding.Status.AVAILABLE


def _pdf(*shades: int) -> bytes:
    """An image-only ("scanned") PDF, one small page per shade."""
    import img2pdf

    data = img2pdf.convert([png_bytes(shade) for shade in shades])
    assert data is not None
    return bytes(data)


def _tiff(*shades: int) -> bytes:
    import io

    from PIL import Image

    frames = [Image.new("L", (64, 80), shade) for shade in shades]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()


def test_a_document_part_is_stored_whole_and_its_pages_keep_their_place(agent: Client) -> None:
    """A PDF or multi-page TIFF is one part: duplicate/conflict by (n, sha) as for images,
    and once expanded its pages sit between the parts before and after it, in order."""
    from catalogue.selectors.jobs import job_pages_in_order
    from workers.digitise import expand_input

    path = "/api/v1/batches/{batch_id}/pages/{number}"
    batch = _open(agent).json()
    document = _pdf(10, 20)
    stored = _put(agent, batch["id"], 2, document, content_type="application/pdf")
    assert stored.status_code == 201
    assert checked(stored, path, "put") == {"number": 2, "sha256": sha(document),
                                            "status": "stored"}  # fmt: skip
    again = _put(agent, batch["id"], 2, document, content_type="application/pdf")
    assert (again.status_code, checked(again, path, "put")["status"]) == (200, "duplicate")
    other = _put(agent, batch["id"], 2, _pdf(30), content_type="application/pdf")
    assert other.status_code == 409
    assert checked(other, path, "put")["code"] == "page_conflict"
    # Sniffed from the bytes, not the header: a TIFF sent as octet-stream is still a TIFF.
    tiff = _tiff(40, 50)
    assert (
        _put(agent, batch["id"], 3, tiff, content_type="application/octet-stream").status_code
        == 201
    )
    assert _put(agent, batch["id"], 1, png_bytes(60)).status_code == 201
    inputs = JobInput.objects.filter(job_id=batch["job_id"]).order_by("position")
    assert [(i.position, i.kind, i.filename) for i in inputs] == [
        (1, "image", "halaman-0001.png"),
        (2, "pdf", "halaman-0002.pdf"),
        (3, "image", "halaman-0003.tif"),
    ]
    assert inputs[1].sha256 == sha(document)
    for job_input in inputs:
        expand_input(job_input.pk)  # the intake task's body, run here without a worker
    order = [(p.input.position, p.index, p.kind)
             for p in job_pages_in_order(job_id=batch["job_id"])]  # fmt: skip
    assert order == [(1, 1, "image"), (2, 1, "pdf_scanned"), (2, 2, "pdf_scanned"),
                     (3, 1, "image"), (3, 2, "image")]  # fmt: skip
    closed = checked(_close(agent, batch["id"], 3), "/api/v1/batches/{batch_id}/close", "post")
    assert closed["pages_received"] == [1, 2, 3]


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_encrypted_pdf_part_fails_its_job_clearly_and_is_kept(
    celery_worker_name: str, tmp_path: Path
) -> None:
    from bench.bad_inputs import encrypted_pdf
    from catalogue.storage import local_path, sha256_of
    from tests.workers.jobwait import wait_for

    locked = tmp_path / "laporan.pdf"
    encrypted_pdf(locked)
    data = locked.read_bytes()
    agent = Client(headers={"Authorization": f"Bearer {station_add(name='Pemindai PDF').token}"})
    batch = _open(agent, title="PDF terkunci").json()
    stored = _put(agent, batch["id"], 1, data, content_type="application/pdf")
    assert stored.status_code == 201  # stored: the pipeline, not the upload, judges a PDF
    assert _close(agent, batch["id"], 1).status_code == 200
    job = wait_for(batch["job_id"], timeout=120)
    assert job.state == DigitisationJob.JobState.FAILED
    assert job.error_code == "encrypted_pdf"
    assert "kata sandi" in job.error_id
    assert "password" in job.error_en
    kept = job.inputs.get()
    assert kept.quarantined
    stored_path = local_path(kept.stored_name)
    assert stored_path is not None
    assert sha256_of(Path(stored_path)) == sha(data)  # the original, byte for byte
    detail = agent.get(f"/api/v1/batches/{batch['id']}")
    assert checked(detail, "/api/v1/batches/{batch_id}", "get")["job"]["state"] == "failed"
