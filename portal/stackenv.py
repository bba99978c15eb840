"""The addresses a running local stack chose, shared with commands run beside it.

``pustaka run`` may start a private Redis or Meilisearch on a port of its own; it writes
their addresses to ``var/run/stack.env`` so that ``pustaka health`` in another terminal
talks to the same services. Explicit environment variables always win.
"""

from __future__ import annotations

import os
from pathlib import Path


def stack_env_path(var_dir: Path) -> Path:
    return var_dir / "run" / "stack.env"


def read_stack_env(var_dir: Path) -> dict[str, str]:
    try:
        text = stack_env_path(var_dir).read_text()
    except (FileNotFoundError, PermissionError):
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.lstrip().startswith("#"):
            values[key.strip()] = value.strip()
    return values


def write_stack_env(var_dir: Path, values: dict[str, str]) -> Path:
    path = stack_env_path(var_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.writelines(f"{key}={value}\n" for key, value in sorted(values.items()))
    tmp.replace(path)
    return path


def remove_stack_env(var_dir: Path) -> None:
    stack_env_path(var_dir).unlink(missing_ok=True)
