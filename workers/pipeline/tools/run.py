"""Run external programs with argument lists (never shell strings) and clear errors."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

from workers.pipeline.errors import ToolFailedError, ToolMissingError, ToolTimeoutError


def run_tool(
    args: Sequence[str], *, timeout: float = 60.0, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``args`` and return the completed process; raise a PipelineError on failure."""
    program = args[0]
    if shutil.which(program) is None:
        raise ToolMissingError(program)
    try:
        completed = subprocess.run(
            list(args), capture_output=True, text=True, timeout=timeout, check=False, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolTimeoutError(f"{program} timed out after {timeout:g} s") from exc
    if completed.returncode != 0:
        raise ToolFailedError(program, completed.returncode, completed.stderr)
    return completed
