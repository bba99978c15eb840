"""A long-lived Tesseract for one worker process: models loaded once, pages read many times.

Run as a child process by the Tesseract adapter (``workers/pipeline/tools/tesseract.py``,
the only module that starts it), never imported by pipeline code. Starting the
``tesseract`` program costs ≈ 0.12 s of CPU per page before it reads a pixel (loading the
``ind`` and ``eng`` models and word lists), ≈ 8 % of a 300 dpi page's OCR; this process
pays it once. It drives libtesseract's C API the way the ``tesseract`` command line does
(the given page segmentation and dpi, PDF + hOCR + text renderers in one pass): the same
text and hOCR, byte for byte, on the benchmark pages.

Protocol: one JSON request per line on stdin (``image``, ``out_base``, ``languages``,
``dpi``, ``timeout_ms``, ``psm``), one JSON reply per line on stdout
(``{"ok": true}`` or ``{"ok": false, "error": "..."}``). End of stdin ends the process,
so it never outlives the worker that started it. Only the standard library is imported:
the process starts in ≈ 0.05 s. Tesseract's own messages go to stderr.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
from typing import Any

LIBRARY = "libtesseract.so.5"


def _bind(lib: ctypes.CDLL) -> None:
    """Declare the C signatures used here (pointers must not be truncated to int)."""
    ptr, text, num = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    signatures: dict[str, tuple[list[Any], Any]] = {
        "TessBaseAPICreate": ([], ptr),
        "TessBaseAPIDelete": ([ptr], None),
        "TessBaseAPIEnd": ([ptr], None),
        "TessBaseAPIInit3": ([ptr, text, text], num),
        "TessBaseAPIGetDatapath": ([ptr], text),
        "TessBaseAPISetVariable": ([ptr, text, text], num),
        "TessBaseAPIClear": ([ptr], None),
        "TessBaseAPIProcessPages": ([ptr, text, text, num, ptr], num),
        "TessPDFRendererCreate": ([text, text, num], ptr),
        "TessHOcrRendererCreate": ([text], ptr),
        "TessTextRendererCreate": ([text], ptr),
        "TessResultRendererInsert": ([ptr, ptr], None),
        "TessDeleteResultRenderer": ([ptr], None),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result


class Engine:
    """One initialised TessBaseAPI, re-initialised only when the languages change."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        self.api = lib.TessBaseAPICreate()
        self.languages = ""

    def _init(self, languages: str) -> None:
        if languages == self.languages:
            return
        if self.lib.TessBaseAPIInit3(self.api, None, languages.encode()) != 0:
            self.languages = ""
            raise RuntimeError(f"Tesseract could not load the languages {languages}")
        self.languages = languages

    def read(self, request: dict[str, Any]) -> None:
        """OCR one image into ``out_base``.pdf (text only), .hocr and .txt."""
        self._init(str(request["languages"]))
        # Always set: the C API's own default segmentation is one block (6), not 3.
        variables = {
            "tessedit_pageseg_mode": b"%d" % request["psm"],
            "user_defined_dpi": b"%d" % request["dpi"],
        }
        for name, value in variables.items():
            if not self.lib.TessBaseAPISetVariable(self.api, name.encode(), value):
                raise RuntimeError(f"Tesseract has no variable {name}")
        base = str(request["out_base"]).encode()
        datapath = self.lib.TessBaseAPIGetDatapath(self.api)
        renderer = self.lib.TessPDFRendererCreate(base, datapath, 1)  # 1: text only
        self.lib.TessResultRendererInsert(renderer, self.lib.TessHOcrRendererCreate(base))
        self.lib.TessResultRendererInsert(renderer, self.lib.TessTextRendererCreate(base))
        try:
            image = str(request["image"]).encode()
            done = self.lib.TessBaseAPIProcessPages(
                self.api, image, None, int(request["timeout_ms"]), renderer
            )
        finally:
            self.lib.TessDeleteResultRenderer(renderer)  # finishes and closes the files
            self.lib.TessBaseAPIClear(self.api)
        if not done:
            raise RuntimeError("Tesseract could not read the image or ran out of time")

    def close(self) -> None:
        self.lib.TessBaseAPIEnd(self.api)
        self.lib.TessBaseAPIDelete(self.api)


def serve(stdin: Any = sys.stdin, stdout: Any = sys.stdout) -> int:
    """Answer requests until stdin ends; 2 when the library cannot be loaded."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before libgomp reads it
    try:
        lib = ctypes.CDLL(LIBRARY)
        _bind(lib)
    except (OSError, AttributeError) as exc:
        print(json.dumps({"ok": False, "error": f"no usable {LIBRARY}: {exc}"}), flush=True)
        return 2
    engine = Engine(lib)
    print(json.dumps({"ok": True, "ready": True}), file=stdout, flush=True)
    for line in stdin:
        try:
            engine.read(json.loads(line))
            reply: dict[str, Any] = {"ok": True}
        except (RuntimeError, KeyError, TypeError, ValueError) as exc:
            reply = {"ok": False, "error": str(exc)}
        print(json.dumps(reply), file=stdout, flush=True)
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
