"""The agent's wire models against the portal's published schema (portal/agent/openapi.json).

Reads the schema as a file (the agent imports nothing of the server): a field renamed,
added as required, or an enum value changed on either side fails here.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest

from scanner_agent import wire

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "portal" / "agent" / "openapi.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text("utf-8"))
COMPONENTS = SCHEMA["components"]["schemas"]

# Our model → the schema's component.
PAIRS = {
    wire.Station: "Station",
    wire.ScanRequest: "ScanTask",
    wire.ScanRequestList: "TaskList",
    wire.BatchCreate: "BatchCreate",
    wire.Batch: "Batch",
    wire.JobProgress: "Job",
    wire.BatchDetail: "BatchWithJob",
    wire.PartState: "PartState",
    wire.PageReceipt: "PageStored",
    wire.BatchCloseRequest: "BatchClose",
    wire.ErrorBody: "PagesMissingError",
}


def flatten(schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a component, following $ref and allOf."""
    if "$ref" in schema:
        return flatten(COMPONENTS[schema["$ref"].rsplit("/", 1)[1]])
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    required: set[str] = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, needed = flatten(part)
        properties.update(more)
        required |= needed
    return properties, required


def literal_values(annotation: Any) -> set[str] | None:
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    return None


@pytest.mark.parametrize("model", list(PAIRS), ids=lambda m: m.__name__)
def test_fields_match_the_schema(model: type) -> None:
    properties, required = flatten(COMPONENTS[PAIRS[model]])
    hints = typing.get_type_hints(model)
    ours = set(hints)
    # What the server must always send, we read; what we send, the server knows.
    assert required <= ours, f"{model.__name__} lacks {required - ours}"
    assert ours <= set(properties), f"{model.__name__} has unknown {ours - set(properties)}"
    for name, annotation in hints.items():
        values = literal_values(annotation)
        if values is not None and "enum" in properties[name]:
            assert values == set(properties[name]["enum"]), name


def test_every_call_of_the_client_is_a_published_operation() -> None:
    paths = SCHEMA["paths"]
    calls = {
        ("get", "/station"),
        ("get", "/scan-tasks"),
        ("post", "/scan-tasks/{task_id}/claim"),
        ("post", "/batches"),
        ("get", "/batches/{batch_id}"),
        ("put", "/batches/{batch_id}/pages/{number}"),
        ("post", "/batches/{batch_id}/close"),
    }
    for method, path in calls:
        assert method in paths.get(wire.API_PREFIX + path, {}), (method, path)


def test_page_upload_content_types_and_checksum_header() -> None:
    operation = SCHEMA["paths"]["/api/v1/batches/{batch_id}/pages/{number}"]["put"]
    assert set(operation["requestBody"]["content"]) == set(wire.PAGE_CONTENT_TYPES)
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    assert "x-content-sha256" in headers
