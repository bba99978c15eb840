"""unpaper adapter: the only module that runs the ``unpaper`` program.

unpaper reads and writes netpbm files (PBM/PGM/PPM); the caller converts. The options
follow OCRmyPDF's ``--clean`` defaults: remove noise and dark scan edges but never move,
crop, deskew or blank content (our own steps do orientation and deskew).
"""

from __future__ import annotations

from pathlib import Path

from workers.pipeline.errors import ToolFailedError
from workers.pipeline.tools.run import run_tool

PROGRAM = "unpaper"
CLEAN_ARGS = (
    "--layout",
    "none",
    "--mask-scan-size",
    "100",  # don't blank out narrow columns
    "--no-border-align",  # don't move content towards a border
    "--no-mask-center",  # don't centre content
    "--no-grayfilter",  # keep light grey areas (shaded table cells)
    "--no-blackfilter",  # keep solid black areas
    "--no-deskew",  # deskew.py does this, measured
)


def clean(source: Path, out: Path, *, dpi: int, timeout: float = 120.0) -> Path:
    """Clean the netpbm image ``source`` into ``out`` (also netpbm) and return ``out``."""
    args = [PROGRAM, "--dpi", str(dpi), *CLEAN_ARGS, "--overwrite", str(source), str(out)]
    completed = run_tool(args, timeout=timeout)
    # unpaper exits 0 even when it read nothing (e.g. a missing input): check the output.
    if not out.is_file() or out.stat().st_size == 0:
        raise ToolFailedError(PROGRAM, 0, completed.stderr or f"{out.name} was not written")
    return out
