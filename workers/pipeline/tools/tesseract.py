"""Tesseract adapter: the only module that runs the ``tesseract`` program directly."""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from workers.pipeline.errors import LanguageMissingError, ToolFailedError, ToolTimeoutError
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
PSM_AUTO = 3  # Tesseract's default page segmentation: blocks, columns, reading order
PSM_SPARSE = 11  # as much text as possible in no particular order: labels on a map

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
    image: Path,
    out_base: Path,
    *,
    languages: str,
    dpi: int,
    timeout: float = 300.0,
    psm: int = PSM_AUTO,
) -> OcrOutputs:
    """OCR one page in ONE pass: text-only PDF, hOCR and plain text together.

    ``textonly_pdf=1`` leaves the image out of Tesseract's PDF; the page PDF step lays
    this invisible text over the losslessly embedded image. The page is read by this
    process's long-lived Tesseract (models loaded once, ``tesseract_server``) when
    libtesseract can be driven directly, else by the ``tesseract`` program. ``psm`` is
    Tesseract's page segmentation mode (3: automatic layout, 11: sparse text).
    """
    require_languages(languages)
    outputs = OcrOutputs(
        text_pdf=out_base.with_name(out_base.name + ".pdf"),
        hocr=out_base.with_name(out_base.name + ".hocr"),
        txt=out_base.with_name(out_base.name + ".txt"),
    )
    server = _server()
    if server is not None:
        server.read(image, out_base, languages=languages, dpi=dpi, timeout=timeout, psm=psm)
    else:
        args = _recognise_args(image, out_base, languages, dpi, psm)
        run_tool(args, timeout=timeout, env=_env())
    for path in (outputs.text_pdf, outputs.hocr, outputs.txt):
        if not path.is_file():
            raise ToolFailedError(PROGRAM, 0, f"expected output {path.name} was not written")
    return outputs


def _recognise_args(image: Path, out_base: Path, languages: str, dpi: int, psm: int) -> list[str]:
    return [
        PROGRAM,
        str(image),
        str(out_base),
        "-l",
        languages,
        "--dpi",
        str(dpi),
        *(["--psm", str(psm)] if psm != PSM_AUTO else []),
        "-c",
        "textonly_pdf=1",
        "pdf",
        "hocr",
        "txt",
    ]


def _server() -> TesseractServer | None:
    """This process's long-lived Tesseract; None when it cannot run (then the program)."""
    global _SERVER, _SERVER_PID  # one per process, started on first use
    if os.environ.get(PERSISTENT_ENV, "1") == "0":
        return None
    if os.getpid() != _SERVER_PID:  # a forked child must not share its parent's pipes
        _SERVER, _SERVER_PID = TesseractServer.start(), os.getpid()
    if _SERVER is not None and not _SERVER.alive():
        _SERVER = TesseractServer.start()
    return _SERVER


def stop_server() -> None:
    """Stop this process's Tesseract server now (it is started again by the next page)."""
    global _SERVER, _SERVER_PID
    if _SERVER is not None and os.getpid() == _SERVER_PID:
        _SERVER.close()
    _SERVER, _SERVER_PID = None, 0


# "0" reads every page with the ``tesseract`` program (one process per page, as before).
PERSISTENT_ENV = "PUSTAKA_TESSERACT_SERVER"
SERVER_SCRIPT = Path(__file__).with_name("tesseract_server.py")
SERVER_START_TIMEOUT = 30.0
SERVER_GRACE = 10.0  # beyond the page's own time limit, which Tesseract enforces itself
# After 300 dpi A4 pages the server holds ≈ 75-110 MB (models and freed heap); after a
# page far larger than that it is replaced rather than keep that memory between pages.
SERVER_MAX_RSS_MB = 400.0
_SERVER: TesseractServer | None = None
_SERVER_PID = 0


class TesseractServer:
    """The adapter's side of ``tesseract_server``: one child process, one page at a time.

    A crash or a hang there costs one page (an error like the program's) and the next
    page starts a fresh server; the worker process itself is never at risk.
    """

    def __init__(self, process: subprocess.Popen[str], log: IO[bytes]) -> None:
        self.process = process
        self.log = log

    @classmethod
    def start(cls) -> TesseractServer | None:
        """Start a server; None when libtesseract cannot be driven here."""
        log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        process = subprocess.Popen(
            [sys.executable, str(SERVER_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=_env(),
            text=True,
        )
        server = cls(process, log)
        ready = server._reply(SERVER_START_TIMEOUT)
        if not (ready and ready.get("ok")):
            server.close()
            return None
        atexit.register(server.close)
        return server

    def alive(self) -> bool:
        return self.process.poll() is None

    def read(
        self, image: Path, out_base: Path, *, languages: str, dpi: int, timeout: float, psm: int
    ) -> None:
        """OCR ``image`` into ``out_base``.pdf/.hocr/.txt; raise like the program would."""
        request = {
            "image": str(image),
            "out_base": str(out_base),
            "languages": languages,
            "dpi": dpi,
            "timeout_ms": int(timeout * 1000),
            "psm": psm,
        }
        started = time.monotonic()
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            pass  # died since the last page: the missing reply below says so
        try:
            reply = self._reply(timeout + SERVER_GRACE)
        except BaseException:  # e.g. the task's soft time limit: the late reply would
            self.close()  # be taken for the next page's, so this server must go
            raise
        if reply is None:
            hung = self.process.poll() is None
            self.close()
            if hung:
                raise ToolTimeoutError(f"{PROGRAM} timed out after {timeout:g} s")
            raise ToolFailedError(PROGRAM, self.process.returncode or -1, self._stderr())
        if not reply.get("ok"):
            if time.monotonic() - started >= timeout:
                raise ToolTimeoutError(f"{PROGRAM} timed out after {timeout:g} s")
            raise ToolFailedError(PROGRAM, 1, f"{reply.get('error')}\n{self._stderr()}")
        if self.rss_mb() > SERVER_MAX_RSS_MB:  # a huge page's memory is not kept for the
            self.close()  # next one: a fresh server costs one model load (≈ 0.12 s)

    def rss_mb(self) -> float:
        """The server's resident memory in MB (0 when it cannot be read)."""
        try:
            pages = int(Path(f"/proc/{self.process.pid}/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            return 0.0
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6

    def _reply(self, timeout: float) -> dict[str, Any] | None:
        """The next reply line, or None when the server died or stayed silent too long."""
        stdout = self.process.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout], [], [], timeout)
        line = stdout.readline() if ready else ""
        try:
            reply = json.loads(line) if line else None
        except ValueError:
            return None
        return reply if isinstance(reply, dict) else None

    def _stderr(self) -> str:
        self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, self.log.tell() - 2000))
        return self.log.read().decode(errors="replace")

    def close(self) -> None:
        """Stop the server (end of its input, then kill if it lingers)."""
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.close()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


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
