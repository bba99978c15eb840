"""The pipeline's exception base."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error raised by a pipeline step or tool adapter."""

    retryable = False


class ToolMissingError(PipelineError):
    """An external program the pipeline needs is not installed."""

    def __init__(self, program: str) -> None:
        super().__init__(f"{program} is not installed or not on PATH")
        self.program = program


class ToolFailedError(PipelineError):
    """An external program ran and reported failure."""

    def __init__(self, program: str, returncode: int, stderr: str) -> None:
        super().__init__(f"{program} failed with exit code {returncode}: {stderr.strip()[:500]}")
        self.program = program
        self.returncode = returncode
        self.stderr = stderr
