"""The real-world corpus: the kinds of file a library meets, written from code.

``build(folder)`` writes every file (≈ 20, a few MB each at most) and returns what each
one is, with its ground truth. Nothing is downloaded: the pages are drawn by
``bench.realworld_draw`` and worn by ``bench.realworld_degrade``; the PDF encodings
(JBIG2, CCITT G4, CMYK JPEG, palette) come from ``bench.pdf_encodings``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from bench.corpus import make_page
from bench.corpus_degrade import degrade
from bench.corpus_types import GeneratedPage
from bench.pdf_encodings import ccitt_pdf, indexed_pdf, jbig2_pdf, jpeg_pdf
from bench.realworld_degrade import dot_matrix, faded_copy, phone_photo, typewritten
from bench.realworld_draw import (
    Sheet,
    bar_chart,
    colour_map,
    coloured_headings,
    landscape_table,
    small_card,
    stamped,
    two_columns,
)


@dataclass(frozen=True)
class CorpusFile:
    """One file of the corpus: where it is, what it shows, and the words drawn on it."""

    name: str
    path: Path
    truth: str
    what: str
    image_dpi: int = 300  # what ocrmypdf is told for an image carrying no resolution


def _bitonal(image: Image.Image) -> Image.Image:
    return image.convert("L").point(lambda v: 255 if v >= 150 else 0).convert("1")


def _page(seed: int, kind: str, dpi: int = 300) -> Sheet:
    page = make_page(seed, kind=kind, dpi=dpi)  # type: ignore[arg-type]
    return Sheet(page.image, page.text, dpi)


def _with_alpha(sheet: Sheet) -> Image.Image:
    """Dark ink on a transparent page (what screenshots and some exports give)."""
    grey = np.asarray(sheet.image.convert("L"))
    rgba = np.zeros((*grey.shape, 4), dtype=np.uint8)
    rgba[..., :3] = (20, 40, 90)
    rgba[..., 3] = 255 - grey
    return Image.fromarray(rgba, "RGBA")


def _grey16(sheet: Sheet) -> Image.Image:
    noisy = degrade(_page_like(sheet), noise=0.4, seed=5).image
    values = np.asarray(noisy, dtype=np.uint16) * 257
    return Image.fromarray(values.astype(np.uint16))


def _page_like(sheet: Sheet) -> GeneratedPage:
    return GeneratedPage(
        image=sheet.image.convert("L"), text=sheet.text, words=[], digits="", dpi=sheet.dpi
    )


def _writers() -> list[tuple[str, str, Callable[[Path], Sheet]]]:
    """(file name, what it is, writer) for every corpus file."""

    def png(sheet: Sheet, path: Path, image: Image.Image | None = None) -> Sheet:
        (image or sheet.image).save(path, "PNG", **({"dpi": (sheet.dpi,) * 2} if sheet.dpi else {}))
        return sheet

    def hires(dpi: int, size_in: tuple[float, float]) -> Callable[[Path], Sheet]:
        def write(path: Path) -> Sheet:
            sheet = small_card(30 + dpi, dpi, size_in)
            _bitonal(sheet.image).save(path, "TIFF", compression="group4", dpi=(dpi, dpi))
            return sheet

        return write

    def cmyk(path: Path) -> Sheet:
        sheet = coloured_headings(41)
        sheet.image.convert("CMYK").save(path, "JPEG", quality=92, dpi=(300, 300))
        return sheet

    return [
        (
            "map-colour.png",
            "colour map: tinted regions, coloured labels",
            lambda p: png(colour_map(), p),
        ),
        (
            "map-indexed.pdf",
            "the map as a 16-colour palette image in a PDF",
            lambda p: _pdf(colour_map(), p, indexed_pdf),
        ),
        (
            "chart.png",
            "bar chart: tinted plot, white and dark labels",
            lambda p: png(bar_chart(), p),
        ),
        (
            "headings.jpg",
            "white-on-dark band, coloured headings, tinted box (JPEG)",
            lambda p: _jpeg(coloured_headings(), p),
        ),
        ("cmyk.jpg", "CMYK JPEG of a coloured page", cmyk),
        ("cmyk.pdf", "CMYK JPEG inside a PDF", lambda p: _pdf(coloured_headings(42), p, _cmyk_pdf)),
        ("onebit.tif", "1-bit TIFF, CCITT G4", lambda p: _onebit(_page(51, "prose"), p)),
        (
            "jbig2.pdf",
            "scanned PDF, JBIG2 (lossless, MMR)",
            lambda p: _pdf(_page(52, "table"), p, lambda im, d, q: jbig2_pdf(_bitonal(im), d, q)),
        ),
        (
            "ccitt.pdf",
            "scanned PDF, CCITT G4",
            lambda p: _pdf(_page(53, "mixed"), p, lambda im, d, q: ccitt_pdf(_bitonal(im), d, q)),
        ),
        ("grey16.png", "16-bit greyscale PNG", lambda p: _grey16_file(_page(54, "mixed"), p)),
        (
            "alpha.png",
            "RGBA: ink on a transparent page",
            lambda p: png(_page(55, "prose"), p, _with_alpha(_page(55, "prose"))),
        ),
        ("dpi1200.tif", "1200 dpi bitonal scan", hires(1200, (5.0, 6.0))),
        ("dpi2400.tif", "2400 dpi bitonal scan of a small area", hires(2400, (2.6, 3.6))),
        ("dpi150.png", "150 dpi greyscale", lambda p: png(_page(56, "prose", 150), p)),
        (
            "phone-photo.jpg",
            "phone photo: perspective, uneven light, spine shadow",
            lambda p: _jpeg(phone_photo(_page(57, "prose")), p),
        ),
        ("typewriter.png", "typewritten page", lambda p: png(typewritten(), p)),
        ("dot-matrix.png", "9-pin dot-matrix printout", lambda p: png(dot_matrix(), p)),
        ("faded-copy.png", "faded photocopy", lambda p: png(faded_copy(_page(58, "prose")), p)),
        ("two-column.png", "two-column page", lambda p: png(two_columns(), p)),
        (
            "stamp-signature.png",
            "purple stamp and blue signature over text",
            lambda p: png(stamped(), p),
        ),
        (
            "landscape-table.png",
            "landscape table scanned sideways",
            lambda p: _sideways(landscape_table(), p),
        ),
    ]


def _cmyk_pdf(image: Image.Image, dpi: int, path: Path) -> Path:
    return jpeg_pdf(image.convert("CMYK"), dpi, path)


def _pdf(sheet: Sheet, path: Path, writer: Callable[[Image.Image, int, Path], Path]) -> Sheet:
    writer(sheet.image, sheet.dpi, path)
    return sheet


def _jpeg(sheet: Sheet, path: Path) -> Sheet:
    extra = {"dpi": (sheet.dpi, sheet.dpi)} if sheet.dpi else {}
    sheet.image.convert("RGB").save(path, "JPEG", quality=88, **extra)
    return sheet


def _onebit(sheet: Sheet, path: Path) -> Sheet:
    _bitonal(sheet.image).save(path, "TIFF", compression="group4", dpi=(sheet.dpi, sheet.dpi))
    return sheet


def _grey16_file(sheet: Sheet, path: Path) -> Sheet:
    _grey16(sheet).save(path, "PNG", dpi=(sheet.dpi, sheet.dpi))
    return sheet


def _sideways(sheet: Sheet, path: Path) -> Sheet:
    turned = sheet.image.transpose(Image.Transpose.ROTATE_90)
    turned.save(path, "PNG", dpi=(sheet.dpi, sheet.dpi))
    return sheet


def names() -> list[str]:
    """Every corpus file's name, in benchmark order."""
    return [name for name, _, _ in _writers()]


def build(folder: Path, only: list[str] | None = None) -> list[CorpusFile]:
    """Write the corpus (or the files named in ``only``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, what, write in _writers():
        if only and name not in only:
            continue
        path = folder / name
        sheet = write(path)
        files.append(CorpusFile(name, path, sheet.text, what, sheet.dpi or 300))
    return files
