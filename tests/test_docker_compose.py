"""docker-compose.yml is valid Compose and keeps the properties production relies on.

Each property is a ``check_*`` function that raises AssertionError when it does not hold.
The tests run every check on the real files; ``test_check_catches_breakage`` runs each
check on a copy broken in exactly that property, so a check that stops biting fails too.
No database, no Docker: the files are only read.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.protocols import Validator

from common.tasknames import ALL_QUEUES

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
DOCKERFILE = REPO_ROOT / "Dockerfile"
COMPOSE_SCHEMA = Path(__file__).resolve().parent / "data" / "compose-spec.json"

BACKING_SERVICES = ("postgres", "redis", "meilisearch")
APP_SERVICES = ("web", "worker")
# Image -> version components a tag needs to name one release: PostgreSQL numbers its
# releases major.minor ("16" floats), Redis and Meilisearch major.minor.patch ("7.2" floats).
PINNED_IMAGES = {"postgres": 2, "redis": 3, "meilisearch": 3}

# Go durations, as Compose writes them: 10s, 1m30s, 500ms.
_DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")
# "$$" is an escaped dollar; "${NAME...}" and "$NAME" are substitutions.
_VARIABLE = re.compile(r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")
_REQUIRED_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?\?")
_VERSION_TAG = re.compile(r"^v?(\d+(?:\.\d+)*)(-[A-Za-z0-9.]+)?$")


@dataclass
class Project:
    compose: dict[str, Any]
    env_example: dict[str, str]
    dockerfile: str

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        return self.compose["services"]


def load_project() -> Project:
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return Project(
        compose=compose,
        env_example=parse_env_file(ENV_EXAMPLE.read_text(encoding="utf-8")),
        dockerfile=DOCKERFILE.read_text(encoding="utf-8"),
    )


def parse_env_file(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep, f".env.example: not NAME=value: {line!r}"
        values[name.strip()] = value.strip()
    return values


# --- Helpers ---------------------------------------------------------------------------


def command_args(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return shlex.split(value) if isinstance(value, str) else [str(arg) for arg in value]


def option_value(args: list[str], *names: str) -> str | None:
    for index, arg in enumerate(args):
        for name in names:
            if arg == name and index + 1 < len(args):
                return args[index + 1]
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    """Dependency -> condition (the list form means "service_started")."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def one_shot_services(project: Project) -> set[str]:
    """Services some other service waits on to finish (the migrations)."""
    return {
        name
        for service in project.services.values()
        for name, condition in depends_on(service).items()
        if condition == "service_completed_successfully"
    }


def mounts(service: dict[str, Any]) -> dict[str, str]:
    """Container path -> source (a named volume or a host path) for every mount."""
    result = {}
    for entry in service.get("volumes") or []:
        if isinstance(entry, str):
            source, _, rest = entry.partition(":")
            target = rest.split(":")[0] if rest else source
            result[target] = source if rest else ""
        else:
            result[entry["target"]] = entry.get("source", "")
    return result


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.partition("=")[::2] for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def used_variables(compose: dict[str, Any]) -> set[str]:
    found = set()
    for text in strings(compose):
        for match in _VARIABLE.finditer(text):
            name = match.group(1) or match.group(2)
            if name:
                found.add(name)
    return found


def dockerfile_env(dockerfile: str, name: str) -> str:
    match = re.search(rf"\b{name}=(\S+)", dockerfile)
    assert match, f"Dockerfile sets no {name}"
    return match.group(1)


def compose_validator() -> Validator:
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    # The schema names draft 2019-09 by a URI jsonschema does not know; say it explicitly.
    jsonschema.Draft201909Validator.check_schema(schema)
    formats = jsonschema.FormatChecker()
    # The schema's "duration" means a Go duration ("10s"), not ISO 8601 ("PT10S").
    formats.checks("duration")(is_go_duration)
    return jsonschema.Draft201909Validator(schema, format_checker=formats)


def is_go_duration(value: object) -> bool:
    return not isinstance(value, str) or bool(_DURATION.match(value))


# --- Checks ----------------------------------------------------------------------------


def check_schema_valid(project: Project) -> None:
    errors = sorted(compose_validator().iter_errors(project.compose), key=lambda e: list(e.path))
    messages = [f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors]
    assert not messages, "docker-compose.yml breaks the Compose schema:\n" + "\n".join(messages)


def check_no_version_key(project: Project) -> None:
    assert "version" not in project.compose, "the Compose spec has no top-level 'version:'"


def check_images_pinned(project: Project) -> None:
    for name, depth in PINNED_IMAGES.items():
        image = project.services[name].get("image", "")
        repository, _, tag = image.rpartition(":") if ":" in image else (image, "", "")
        assert repository, f"{name}: image {image!r} names no repository"
        assert tag, f"{name}: image {image!r} has no tag"
        assert "/" not in tag, f"{name}: image {image!r} has no tag (the ':' is a registry port)"
        assert tag != "latest", f"{name}: image {image!r} floats on 'latest'"
        version = _VERSION_TAG.match(tag)
        assert version, f"{name}: image {image!r} is not pinned to a version"
        assert len(version.group(1).split(".")) >= depth, (
            f"{name}: image {image!r} is not pinned to an exact version"
        )
    for name, service in project.services.items():
        if "build" not in service:
            assert not service.get("image", "").endswith(":latest"), f"{name} uses ':latest'"


def check_redis_appendonly(project: Project) -> None:
    args = command_args(project.services["redis"].get("command"))
    assert args[:1] == ["redis-server"], f"redis: command is not redis-server: {args}"
    assert option_value(args, "--appendonly") == "yes", "redis: the broker needs --appendonly yes"


def check_healthchecks(project: Project) -> None:
    one_shot = one_shot_services(project)
    assert "migrate" in one_shot, "nothing waits for the migrations to complete"
    for name in one_shot:
        restart = project.services[name].get("restart")
        assert restart == "no", f"{name}: one-shot, so restart must be 'no', not {restart!r}"
    for name, service in project.services.items():
        if name in one_shot:
            continue
        health = service.get("healthcheck") or {}
        test = command_args(health.get("test"))
        assert not health.get("disable"), f"{name}: health check disabled"
        assert test, f"{name}: a long-running service needs a health check"
        assert test[0] != "NONE", f"{name}: a long-running service needs a health check"


def check_storage_shared(project: Project) -> None:
    declared = project.compose.get("volumes") or {}
    sources = set()
    for name in APP_SERVICES:
        service = project.services[name]
        root = environment(service).get("PUSTAKA_STORAGE_ROOT", "")
        assert root, f"{name}: PUSTAKA_STORAGE_ROOT is not set"
        source = mounts(service).get(root)
        assert source, f"{name}: nothing is mounted at the storage root {root}"
        assert source in declared, f"{name}: storage {source!r} is not a named volume"
        sources.add((root, source))
    assert len(sources) == 1, f"web and worker do not share one storage volume: {sources}"


def check_static_shared(project: Project) -> None:
    """collectstatic runs in the migrate container; the portal serves what it wrote."""
    static_root = dockerfile_env(project.dockerfile, "PUSTAKA_VAR_DIR").rstrip("/") + "/static"
    migrate_cmd = " ".join(command_args(project.services["migrate"].get("command")))
    assert "collectstatic" in migrate_cmd, "migrate does not collect the static files"
    web = mounts(project.services["web"]).get(static_root)
    migrate = mounts(project.services["migrate"]).get(static_root)
    assert web, f"web: nothing is mounted at {static_root}"
    assert web == migrate, f"web and migrate do not share {static_root}: {web!r}, {migrate!r}"


def check_app_waits_for_backing_services(project: Project) -> None:
    for name in APP_SERVICES:
        deps = depends_on(project.services[name])
        for backing in BACKING_SERVICES:
            assert deps.get(backing) == "service_healthy", (
                f"{name}: must wait for {backing} to be healthy, not {deps.get(backing)!r}"
            )
        assert deps.get("migrate") == "service_completed_successfully", (
            f"{name}: must wait for the migrations to complete"
        )
    for service in project.services.values():
        for dep, condition in depends_on(service).items():
            if condition == "service_healthy":
                assert project.services[dep].get("healthcheck"), f"{dep}: no health check"


def check_variables_documented(project: Project) -> None:
    undocumented = used_variables(project.compose) - set(project.env_example)
    assert not undocumented, f".env.example does not document: {sorted(undocumented)}"
    required = {
        match.group(1)
        for text in strings(project.compose)
        for match in _REQUIRED_VARIABLE.finditer(text)
    }
    empty = sorted(name for name in required if not project.env_example.get(name))
    assert not empty, f".env.example leaves required variables empty: {empty}"


def check_no_stale_variables(project: Project) -> None:
    stale = set(project.env_example) - used_variables(project.compose)
    assert not stale, f".env.example documents variables the compose file ignores: {sorted(stale)}"


def check_worker_queues(project: Project) -> None:
    args = command_args(project.services["worker"].get("command"))
    assert args[:4] == ["celery", "-A", "workers.celery", "worker"], f"worker: command is {args}"
    queues = option_value(args, "--queues", "-Q")
    assert queues is not None, "worker: no --queues, so it would consume the default queue only"
    assert queues.split(",") == list(ALL_QUEUES), (
        f"worker: --queues {queues} differs from common.tasknames.ALL_QUEUES {ALL_QUEUES}"
    )


def check_worker_healthcheck_pings_itself(project: Project) -> None:
    worker = project.services["worker"]
    node = option_value(command_args(worker.get("command")), "--hostname", "-n") or ""
    test = " ".join(command_args(worker.get("healthcheck", {}).get("test")))
    prefix = node.split("@")[0]
    assert prefix, f"worker: no --hostname NAME@%h to ping: {node!r}"
    assert f"-d {prefix}@$$HOSTNAME" in test, (
        f"worker: the health check does not ping the node {node!r}: {test!r}"
    )


CHECKS: dict[str, Callable[[Project], None]] = {
    "schema": check_schema_valid,
    "no-version": check_no_version_key,
    "images-pinned": check_images_pinned,
    "redis-appendonly": check_redis_appendonly,
    "healthchecks": check_healthchecks,
    "storage-shared": check_storage_shared,
    "static-shared": check_static_shared,
    "depends-on": check_app_waits_for_backing_services,
    "variables-documented": check_variables_documented,
    "no-stale-variables": check_no_stale_variables,
    "worker-queues": check_worker_queues,
    "worker-healthcheck": check_worker_healthcheck_pings_itself,
}


# --- Tests -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project()


@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_compose_file(project: Project, check: Callable[[Project], None]) -> None:
    check(project)


def _set(path: str, value: Any) -> Callable[[Project], None]:
    """A mutation that sets compose[path] ("services.redis.image") to ``value``."""

    def mutate(project: Project) -> None:
        *parents, last = path.split(".")
        node = project.compose
        for key in parents:
            node = node[key]
        node[last] = value

    return mutate


def _delete(path: str) -> Callable[[Project], None]:
    def mutate(project: Project) -> None:
        *parents, last = path.split(".")
        node = project.compose
        for key in parents:
            node = node[key]
        del node[last]

    return mutate


def _add_env(name: str, value: str) -> Callable[[Project], None]:
    def mutate(project: Project) -> None:
        project.services["web"]["environment"][name] = value

    return mutate


def _undocument(name: str) -> Callable[[Project], None]:
    def mutate(project: Project) -> None:
        del project.env_example[name]

    return mutate


def _blank_doc(name: str) -> Callable[[Project], None]:
    def mutate(project: Project) -> None:
        project.env_example[name] = ""

    return mutate


def _document(name: str) -> Callable[[Project], None]:
    def mutate(project: Project) -> None:
        project.env_example[name] = "x"

    return mutate


def _worker_command(replace: dict[str, str]) -> Callable[[Project], None]:
    def mutate(project: Project) -> None:
        worker = project.services["worker"]
        worker["command"] = [replace.get(arg, arg) for arg in command_args(worker["command"])]

    return mutate


def _redis_fsync_only(project: Project) -> None:
    project.services["redis"]["command"] = ["redis-server", "--appendfsync", "everysec"]


STORAGE = "/var/lib/pustaka/storage"
STATIC = "/var/lib/pustaka/static"
REDIS_NO_AOF = ["redis-server", "--appendonly", "no"]
MEILI_LATEST = "getmeili/meilisearch:latest"
QUEUES = "default,ocr,assemble,index"
STARTED = "service_started"


BREAKAGES: list[tuple[str, str, Callable[[Project], None]]] = [
    ("schema", "unknown key", _set("services.web.restartt", "always")),
    ("schema", "bad duration", _set("services.worker.healthcheck.interval", "thirty seconds")),
    ("schema", "bad condition", _set("services.web.depends_on.redis.condition", "service_ready")),
    ("no-version", "version key", _set("version", "3.8")),
    ("images-pinned", "meilisearch latest", _set("services.meilisearch.image", MEILI_LATEST)),
    ("images-pinned", "redis untagged", _set("services.redis.image", "redis")),
    ("images-pinned", "redis minor tag", _set("services.redis.image", "redis:7.2")),
    ("images-pinned", "postgres major tag", _set("services.postgres.image", "postgres:16")),
    ("redis-appendonly", "appendonly no", _set("services.redis.command", REDIS_NO_AOF)),
    ("redis-appendonly", "appendonly missing", _redis_fsync_only),
    ("redis-appendonly", "no command", _delete("services.redis.command")),
    ("healthchecks", "worker without", _delete("services.worker.healthcheck")),
    ("healthchecks", "meilisearch without", _delete("services.meilisearch.healthcheck")),
    ("healthchecks", "web disabled", _set("services.web.healthcheck", {"disable": True})),
    ("healthchecks", "redis NONE", _set("services.redis.healthcheck", {"test": ["NONE"]})),
    ("healthchecks", "migrate restarts", _set("services.migrate.restart", "unless-stopped")),
    ("storage-shared", "worker elsewhere", _set("services.worker.volumes", [f"other:{STORAGE}"])),
    ("storage-shared", "web unmounted", _set("services.web.volumes", [f"static:{STATIC}"])),
    ("storage-shared", "other volume", _set("services.worker.volumes", [f"static:{STORAGE}"])),
    ("storage-shared", "worker bind mount", _set("services.worker.volumes", [f"./s:{STORAGE}"])),
    ("static-shared", "migrate unmounted", _delete("services.migrate.volumes")),
    ("static-shared", "no collectstatic", _set("services.migrate.command", ["pustaka", "migrate"])),
    ("depends-on", "redis started only", _set("services.web.depends_on.redis.condition", STARTED)),
    ("depends-on", "no meilisearch", _delete("services.worker.depends_on.meilisearch")),
    ("depends-on", "migrate started", _set("services.web.depends_on.migrate.condition", STARTED)),
    ("depends-on", "list form", _set("services.web.depends_on", list(BACKING_SERVICES))),
    ("variables-documented", "new variable", _add_env("PUSTAKA_NEW", "${PUSTAKA_NEW:-}")),
    ("variables-documented", "bare variable", _add_env("PUSTAKA_NEW", "$PUSTAKA_NEW")),
    ("variables-documented", "undocumented", _undocument("SECRET_KEY")),
    ("variables-documented", "required left empty", _blank_doc("POSTGRES_PASSWORD")),
    ("no-stale-variables", "stale", _document("PUSTAKA_UNUSED")),
    ("worker-queues", "queue missing", _worker_command({QUEUES: "default,ocr"})),
    ("worker-queues", "queue order", _worker_command({QUEUES: "ocr,default,assemble,index"})),
    ("worker-queues", "no queues", _worker_command({"--queues": "--pool", QUEUES: "solo"})),
    ("worker-healthcheck", "other node", _worker_command({"worker@%h": "pustaka@%h"})),
]


@pytest.mark.parametrize(
    ("check_name", "breakage"),
    [(check, mutate) for check, _, mutate in BREAKAGES],
    ids=[f"{check}:{label}" for check, label, _ in BREAKAGES],
)
def test_check_catches_breakage(
    project: Project, check_name: str, breakage: Callable[[Project], None]
) -> None:
    broken = copy.deepcopy(project)
    breakage(broken)
    with pytest.raises(AssertionError):
        CHECKS[check_name](broken)


def test_every_check_is_shown_to_bite() -> None:
    assert {check for check, _, _ in BREAKAGES} == set(CHECKS)
