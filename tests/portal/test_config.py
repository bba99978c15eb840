"""Configuration from the environment, and production's refusal of insecure defaults."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from portal.config import env_bool, env_int, env_list, read_or_create_secret
from portal.errors import ConfigurationError
from portal.production import insecure_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "q8Zr1-" * 10


def test_env_helpers_parse_and_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "ya")
    assert env_bool("X_BOOL") is True
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ConfigurationError, match="X_BOOL"):
        env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "12a")
    with pytest.raises(ConfigurationError, match="X_INT"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_LIST", " a.example, ,b.example ")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env_list("X_UNSET_LIST", ["d"]) == ["d"]


def test_secret_is_created_once_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "secret_key"
    first = read_or_create_secret(path)
    assert len(first) >= 48
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_or_create_secret(path) == first


def _production(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "IS_PRODUCTION": True,
        "SECRET_KEY": GOOD_SECRET,
        "DEBUG": False,
        "ALLOWED_HOSTS": ["pustaka.bps.go.id"],
        "MEILISEARCH_API_KEY": "k",
        "STORAGE_BACKEND": "local",
    }
    values.update(overrides)
    return values


def test_production_accepts_safe_settings_and_names_each_unsafe_one() -> None:
    assert insecure_settings(_production()) == []
    assert insecure_settings(_production(IS_PRODUCTION=False, SECRET_KEY="")) == []
    problems = insecure_settings(
        _production(SECRET_KEY="short", DEBUG=True, ALLOWED_HOSTS=["*"], MEILISEARCH_API_KEY="")
    )
    joined = " ".join(problems)
    for name in ("SECRET_KEY", "PUSTAKA_DEBUG", "ALLOWED_HOSTS", "MEILISEARCH_API_KEY"):
        assert name in joined
    assert len(problems) == 4


def _pustaka(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "PUSTAKA_ENV"}}
    return subprocess.run(
        [sys.executable, "-m", "portal.cli", *args],
        cwd=REPO_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_with_insecure_defaults(tmp_path: Path) -> None:
    result = _pustaka(["check"], {"PUSTAKA_ENV": "production", "PUSTAKA_VAR_DIR": str(tmp_path)})
    assert result.returncode == ConfigurationError.exit_code
    assert "refuses to start in production" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists(), "production must not invent a secret"


def test_production_starts_with_safe_settings(tmp_path: Path) -> None:
    result = _pustaka(
        ["check", "--deploy", "--fail-level", "ERROR"],
        {
            "PUSTAKA_ENV": "production",
            "PUSTAKA_VAR_DIR": str(tmp_path),
            "SECRET_KEY": GOOD_SECRET,
            "ALLOWED_HOSTS": "pustaka.example",
            "MEILISEARCH_API_KEY": "k",
        },
    )
    assert result.returncode == 0, result.stderr


def test_cli_lists_the_stack_commands(tmp_path: Path) -> None:
    result = _pustaka(["help"], {"PUSTAKA_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "run" in result.stdout.split()
    assert "health" in result.stdout.split()


def test_a_running_stacks_addresses_are_used_unless_the_environment_names_others(
    tmp_path: Path,
) -> None:
    from portal.stackenv import write_stack_env

    write_stack_env(
        tmp_path,
        {"REDIS_URL": "redis://127.0.0.1:6390/0", "MEILISEARCH_URL": "http://127.0.0.1:7790"},
    )
    code = "from django.conf import settings as s; print(s.REDIS_URL, s.MEILISEARCH_URL)"
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "MEILISEARCH_URL", "SECRET_KEY", "PUSTAKA_ENV"}
    }
    env = {**base, "PUSTAKA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "portal.settings"}
    read = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert read.stdout.split() == ["redis://127.0.0.1:6390/0", "http://127.0.0.1:7790"]
    env["REDIS_URL"] = "redis://elsewhere:6379/1"
    read = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert read.stdout.split() == ["redis://elsewhere:6379/1", "http://127.0.0.1:7790"]
