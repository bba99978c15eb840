"""What `pustaka run` decides to start, without starting it."""

from __future__ import annotations

import shlex
import stat
from pathlib import Path

import pytest

from portal.stack import services
from portal.stack.plan import plan_stack


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


def _plan(var_dir: Path):
    return plan_stack(var_dir=var_dir, host="127.0.0.1", port=8123, concurrency=2, web_workers=1)


def test_unreachable_redis_gets_a_private_persistent_one(var_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{services.free_port()}/0")
    monkeypatch.delenv("MEILISEARCH_URL", raising=False)
    plan = _plan(var_dir)
    redis_args = plan.processes["redis"]
    assert redis_args[redis_args.index("--appendonly") + 1] == "yes"
    assert redis_args[redis_args.index("--dir") + 1] == str(var_dir / "redis")
    assert redis_args[redis_args.index("--bind") + 1] == "127.0.0.1"
    port = redis_args[redis_args.index("--port") + 1]
    assert plan.redis_url == f"redis://127.0.0.1:{port}/0"
    assert plan.child_env()["REDIS_URL"] == plan.redis_url


def test_reachable_redis_is_used_as_it_is(var_dir: Path, monkeypatch, settings) -> None:
    monkeypatch.setenv("REDIS_URL", settings.REDIS_URL)
    plan = _plan(var_dir)
    assert "redis" not in plan.processes
    assert plan.redis_url == settings.REDIS_URL


def test_private_meilisearch_key_is_generated_once_with_0600(var_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("MEILISEARCH_URL", raising=False)
    first = _plan(var_dir)
    key_file = var_dir / "meilisearch" / "master_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.meilisearch_key) >= 32
    args = first.processes["search"]
    assert f"--master-key={first.meilisearch_key}" in args
    assert args[args.index("--http-addr") + 1].startswith("127.0.0.1:")
    assert _plan(var_dir).meilisearch_key == first.meilisearch_key


def test_external_meilisearch_is_not_started(var_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("MEILISEARCH_URL", "http://search.internal:7700")
    monkeypatch.setenv("MEILISEARCH_API_KEY", "k")
    plan = _plan(var_dir)
    assert "search" not in plan.processes
    assert (plan.meilisearch_url, plan.meilisearch_key) == ("http://search.internal:7700", "k")


def test_commands_exec_their_program_with_safe_quoting(var_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("MEILISEARCH_URL", raising=False)
    plan = _plan(var_dir)
    for name, command in plan.shell_commands().items():
        words = shlex.split(command)
        assert words[0] == "exec"
        assert words[1:] == plan.processes[name]
    worker = plan.processes["worker"]
    assert worker[worker.index("--pool") + 1] == "prefork"
    assert worker[worker.index("--concurrency") + 1] == "2"
    assert "gunicorn" in plan.processes["web"][0]
    beat = plan.processes["beat"]
    assert beat[beat.index("-A") + 1 :][:2] == ["workers.celery", "beat"]
    assert beat[beat.index("--schedule") + 1].startswith(str(var_dir))
    assert plan.child_env()["OMP_THREAD_LIMIT"] == "1"
