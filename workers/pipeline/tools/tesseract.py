"""Tesseract adapter: the only module that runs the ``tesseract`` program directly."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from workers.pipeline.errors import LanguageMissingError, ToolFailedError
from workers.pipeline.tools.run import run_tool

PROGRAM = "tesseract"
_VERSION = re.compile(r"tesseract\s+v?(\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)


def version() -> str:
    """Return Tesseract's version, e.g. ``"5.3.0"``."""
    completed = run_tool([PROGRAM, "--version"], timeout=10)
    match = _VERSION.search(completed.stdout + completed.stderr)
    return match.group(1) if match else (completed.stdout or completed.stderr).splitlines()[0]


def languages() -> list[str]:
    """Return the installed language codes (``ind``, ``eng``, ``osd``, ...), sorted."""
    completed = run_tool([PROGRAM, "--list-langs"], timeout=10)
    lines = completed.stdout.splitlines()
    # The first line is a header: 'List of available languages in "..." (3):'
    return sorted(line.strip() for line in lines[1:] if line.strip())


# One thread per process: two single-thread Tesseracts beat one threaded (FACTS.md).
THREAD_ENV = {"OMP_THREAD_LIMIT": "1"}
_TOO_FEW = "Too few characters"
_OSD_FIELDS = {
    "rotate": re.compile(r"Rotate:\s*(\d+)"),
    "orientation_confidence": re.compile(r"Orientation confidence:\s*([\d.]+)"),
    "script": re.compile(r"Script:\s*(\S+)"),
    "script_confidence": re.compile(r"Script confidence:\s*([\d.]+)"),
}


@dataclass(frozen=True)
class OsdResult:
    """Tesseract's orientation guess: turn the image ``rotate`` degrees clockwise."""

    rotate: int
    orientation_confidence: float
    script: str
    script_confidence: float


@dataclass(frozen=True)
class OcrOutputs:
    """The three files one Tesseract run writes for a page."""

    text_pdf: Path
    hocr: Path
    txt: Path


def _env() -> dict[str, str]:
    return {**os.environ, **THREAD_ENV}


def osd(image: Path, *, dpi: int, timeout: float = 60.0) -> OsdResult | None:
    """Detect page orientation (``--psm 0``); None when the page has too little text."""
    args = [PROGRAM, str(image), "stdout", "--psm", "0", "--dpi", str(dpi)]
    try:
        completed = run_tool(args, timeout=timeout, env=_env())
    except ToolFailedError as exc:
        if _TOO_FEW in exc.stderr:
            return None
        raise
    return parse_osd(completed.stdout)


def parse_osd(stdout: str) -> OsdResult | None:
    """Parse ``tesseract --psm 0`` output; None when a field is missing."""
    found = {name: pattern.search(stdout) for name, pattern in _OSD_FIELDS.items()}
    if not all(found.values()):
        return None
    values = {name: match.group(1) for name, match in found.items() if match}
    return OsdResult(
        rotate=int(values["rotate"]) % 360,
        orientation_confidence=float(values["orientation_confidence"]),
        script=values["script"],
        script_confidence=float(values["script_confidence"]),
    )


@functools.lru_cache(maxsize=1)
def _installed() -> frozenset[str]:
    return frozenset(languages())


def require_languages(requested: str) -> None:
    """Refuse a language Tesseract lacks: it would silently OCR without it."""
    missing = [code for code in requested.split("+") if code not in _installed()]
    if missing:
        raise LanguageMissingError(
            f"Tesseract has no data for {'+'.join(missing)} (installed: "
            f"{', '.join(sorted(_installed()))}); install tesseract-ocr-{missing[0]}"
        )


def recognise(
    image: Path, out_base: Path, *, languages: str, dpi: int, timeout: float = 300.0
) -> OcrOutputs:
    """OCR one page in ONE process: text-only PDF, hOCR and plain text together.

    ``textonly_pdf=1`` leaves the image out of Tesseract's PDF; the page PDF step lays
    this invisible text over the losslessly embedded image.
    """
    require_languages(languages)
    args = [
        PROGRAM,
        str(image),
        str(out_base),
        "-l",
        languages,
        "--dpi",
        str(dpi),
        "-c",
        "textonly_pdf=1",
        "pdf",
        "hocr",
        "txt",
    ]
    run_tool(args, timeout=timeout, env=_env())
    outputs = OcrOutputs(
        text_pdf=out_base.with_name(out_base.name + ".pdf"),
        hocr=out_base.with_name(out_base.name + ".hocr"),
        txt=out_base.with_name(out_base.name + ".txt"),
    )
    for path in (outputs.text_pdf, outputs.hocr, outputs.txt):
        if not path.is_file():
            raise ToolFailedError(PROGRAM, 0, f"expected output {path.name} was not written")
    return outputs


def read_block(
    image: Path, out_base: Path, *, languages: str, dpi: int, timeout: float = 60.0
) -> Path:
    """hOCR of a small image read as one uniform block of text (``--psm 6``): the table
    cells a page's OCR left empty, stacked into one strip (workers/pipeline/tables)."""
    require_languages(languages)
    args = [PROGRAM, str(image), str(out_base), "-l", languages, "--dpi", str(dpi)]
    run_tool([*args, "--psm", "6", "hocr"], timeout=timeout, env=_env())
    hocr = out_base.with_name(out_base.name + ".hocr")
    if not hocr.is_file():
        raise ToolFailedError(PROGRAM, 0, f"expected output {hocr.name} was not written")
    return hocr
