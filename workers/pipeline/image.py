"""Safe decoding of scanned page images (PNG, TIFF, JPEG) into one normalised PNG.

Untrusted files are sniffed by their magic bytes, measured from the header before any
pixel is decoded (decompression bombs), then fully decoded so truncation shows up here
rather than in a later step. The output is an 8-bit PNG ("1", "L" or "RGB") at a known dpi.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, ImageOps

from workers.pipeline.context import MAX_PIXELS, PageContext
from workers.pipeline.errors import (
    CorruptFileError,
    DecompressionBombError,
    ImageTooSmallError,
    UnsupportedTypeError,
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "TIFF"),  # BigTIFF
    (b"MM\x00+", "TIFF"),
    (b"\xff\xd8\xff", "JPEG"),
)
MIN_DPI, MAX_DPI = 72, 4800  # outside this a file's resolution is treated as missing
MIN_SIDE_PX = 200
MIN_SIDE_INCHES = 1.0
# "Real colour": after white balance, share of 8×8 blocks whose channels differ by more
# than COLOUR_SPREAD levels. Block averaging cancels a scanner's colour fringes at edges
# (a 1-pixel misregistration of one channel stays below 255 / 8 ≈ 32 levels).
COLOUR_SPREAD = 40
COLOUR_SHARE = 0.002
# Intermediate images are uncompressed TIFFs (with their dpi): a 300 dpi A4 grey page is
# written in ≈ 0.02 s and read back in a few milliseconds, where a fast PNG took ≈ 0.15 s
# to write and ≈ 0.05–0.2 s to decode in each of the six steps (and Tesseract) that read
# it. They live in the page's scratch folder only; the page PDF encodes its own copy.
_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"})

# A truncated file must fail here, not silently become a grey half-page.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def sniff_format(path: Path) -> str:
    """Return "PNG", "TIFF" or "JPEG" from the file's first bytes; refuse anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise CorruptFileError(f"cannot read {path.name}: {exc}") from exc
    if not head:
        raise CorruptFileError(f"{path.name} is empty")
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    raise UnsupportedTypeError(f"{path.name} is not PNG, TIFF or JPEG (starts with {head[:8]!r})")


@contextmanager
def opened(path: Path, fmt: str, max_pixels: int) -> Iterator[Image.Image]:
    """Open ``path`` as ``fmt`` reading the header only, refuse oversize images, close."""
    try:
        with warnings.catch_warnings():
            # Our own limit below is authoritative; PIL's warning threshold is a default.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=[fmt]) as probe:
                probe.verify()  # chunk CRCs etc., no decoding
            image = Image.open(path, formats=[fmt])
    except Image.DecompressionBombError as exc:
        raise DecompressionBombError(f"{path.name}: {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise CorruptFileError(f"{path.name} is not a readable {fmt}: {exc}") from exc
    with image:
        check_pixels(image, max_pixels, path.name)
        yield image


# A bitonal pixel is one bit: a 1200 dpi A4 line-art scan (139 MP, 17 MB) is as safe as a
# 17 MP grey page, and every step past normalise_resolution sees it at 300 dpi.
BITONAL_ALLOWANCE = 8


def check_pixels(image: Image.Image, max_pixels: int, name: str = "image") -> None:
    """Raise DecompressionBombError when the header announces more than ``max_pixels``
    (eight times as many for a bitonal image)."""
    width, height = image.size
    if image.mode == "1":
        max_pixels *= BITONAL_ALLOWANCE
    if width * height > max_pixels:
        raise DecompressionBombError(
            f"{name}: {width}×{height} = {width * height:,} pixels exceeds {max_pixels:,}"
        )


def _decode(image: Image.Image, name: str) -> None:
    """Force the full decode so a truncated or garbled file fails now."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except Image.DecompressionBombError as exc:
        raise DecompressionBombError(f"{name}: {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError) as exc:
        raise CorruptFileError(f"{name} is damaged or truncated: {exc}") from exc


def file_dpi(image: Image.Image, hint: int) -> tuple[float, float, bool]:
    """Return (x dpi, y dpi, from_file); absurd or missing values fall back to ``hint``."""
    raw = image.info.get("dpi")
    try:
        xdpi, ydpi = float(raw[0]), float(raw[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return float(hint), float(hint), False
    if not all(MIN_DPI <= value <= MAX_DPI for value in (xdpi, ydpi)):
        return float(hint), float(hint), False
    return xdpi, ydpi, True


def _check_size(width: int, height: int, xdpi: float, ydpi: float, name: str) -> None:
    if min(width, height) < MIN_SIDE_PX:
        raise ImageTooSmallError(f"{name}: {width}×{height} px, need at least {MIN_SIDE_PX}")
    if width / xdpi < MIN_SIDE_INCHES or height / ydpi < MIN_SIDE_INCHES:
        raise ImageTooSmallError(
            f"{name}: {width / xdpi:.2f}×{height / ydpi:.2f} in at {xdpi:g}×{ydpi:g} dpi"
        )


def has_real_colour(image: Image.Image) -> bool:
    """True when an RGB image shows colour beyond paper tint and scanner fringes."""
    small = image.reduce(8) if min(image.size) >= 128 else image
    rgb = np.asarray(small, dtype=np.float32)
    paper = np.percentile(rgb.reshape(-1, 3), 95, axis=0)
    balanced = rgb * (255.0 / np.maximum(paper, 1.0))
    spread = balanced.max(axis=2) - balanced.min(axis=2)
    return float(np.mean(spread > COLOUR_SPREAD)) > COLOUR_SHARE


def _to_8bit(image: Image.Image) -> Image.Image:
    """Scale 16-bit and 32-bit grey to 8 bits (PIL's convert would clip, not scale)."""
    values = np.asarray(image)
    if image.mode == "F":
        top = 1.0 if float(values.max(initial=0.0)) <= 1.0 else 255.0
        scaled = values.astype(np.float64) * (255.0 / top)
    elif image.mode.startswith("I;16") or float(values.max(initial=0)) > 255:
        scaled = values.astype(np.float64) / 257.0
    else:
        scaled = values.astype(np.float64)
    return Image.fromarray(np.clip(np.rint(scaled), 0, 255).astype(np.uint8), "L")


def _flatten(image: Image.Image) -> Image.Image:
    """Composite any transparency onto white paper."""
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (255,) * 4), rgba).convert("RGB")


def upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF/TIFF orientation tag; the same object when there is nothing to do."""
    if image.getexif().get(0x0112, 1) in (1, None):
        return image
    turned = ImageOps.exif_transpose(image)
    return image if turned is None else turned


def normalise_mode(image: Image.Image) -> Image.Image:
    """Return an image in mode "1", "L" or "RGB" (RGB only when it has real colour)."""
    mode = image.mode
    if mode in ("1", "L") and "transparency" not in image.info:
        return image
    if mode in ("I", "F") or mode.startswith("I;16"):
        return _to_8bit(image)
    if mode in ("LA", "La", "PA", "RGBA", "RGBa") or "transparency" in image.info:
        image = _flatten(image)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    if image.mode == "RGB" and not has_real_colour(image):
        image = image.convert("L")
    return image


def _square_pixels(image: Image.Image, xdpi: float, ydpi: float) -> tuple[Image.Image, float]:
    """Resample non-square pixels (e.g. 204×196 dpi fax) to the higher resolution."""
    dpi = max(xdpi, ydpi)
    size = (round(image.width * dpi / xdpi), round(image.height * dpi / ydpi))
    grey = image.convert("L") if image.mode == "1" else image
    resized = grey.resize(size, Image.Resampling.BICUBIC)
    if image.mode == "1":
        resized = resized.point(lambda value: 255 if value >= 128 else 0).convert("1")
    return resized, dpi


def load_page_image(input: Path, ctx: PageContext) -> Path:
    """Decode an untrusted page image safely and write it as a normalised PNG.

    facts: ``dpi``, ``width``, ``height``, ``mode``, plus where it came from
    (``source_format``, ``source_mode``, ``source_path``, ``loaded_path``) and whether
    its geometry changed (EXIF turn, non-square pixels): the page PDF may then embed an
    unchanged JPEG as it is.
    """
    fmt = sniff_format(input)
    with opened(input, fmt, ctx.options.max_pixels) as image:
        xdpi, ydpi, from_file = file_dpi(image, ctx.options.dpi_hint)
        _check_size(image.width, image.height, xdpi, ydpi, input.name)
        _decode(image, input.name)
        source_mode = image.mode
        page = upright(image)
        geometry_changed = page is not image
        if page.size != image.size:  # turned by 90°: the resolutions swap too
            xdpi, ydpi = ydpi, xdpi
        page = normalise_mode(page)
    if abs(xdpi - ydpi) > 0.01 * max(xdpi, ydpi):
        page, xdpi = _square_pixels(page, xdpi, ydpi)
        geometry_changed = True
    dpi = round(xdpi)
    # Always written, even when the pixels are unchanged: every later step then reads
    # an uncompressed file instead of decoding the input again.
    out = save_intermediate(page, ctx.path("page.tif"), dpi)
    ctx.facts.update(
        dpi=dpi,
        dpi_from_file=from_file,
        width=page.width,
        height=page.height,
        mode=page.mode,
        source_format=fmt,
        source_mode=source_mode,
        source_path=str(input),
        loaded_path=str(out),
        geometry_changed=geometry_changed,
    )
    return out


def save_intermediate(image: Image.Image, out: Path, dpi: int) -> Path:
    """Write a step's output image fast (uncompressed TIFF with its dpi); return its path."""
    image.save(out, "TIFF", dpi=(dpi, dpi), compression="raw")
    return out


def page_dpi(ctx: PageContext) -> int:
    """The page's resolution as load_page_image recorded it (else the job's hint)."""
    value = ctx.facts.get("dpi")
    return value if isinstance(value, int) else ctx.options.dpi_hint


def count_frames(path: Path, *, max_pixels: int = MAX_PIXELS) -> int:
    """Number of pages in an image file: a TIFF may hold many, PNG and JPEG hold one."""
    fmt = sniff_format(path)
    if fmt != "TIFF":
        return 1
    with opened(path, fmt, max_pixels) as image:
        try:
            return int(getattr(image, "n_frames", 1))
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise CorruptFileError(f"{path.name}: cannot count TIFF pages: {exc}") from exc


def extract_frame(path: Path, index: int, out: Path, *, max_pixels: int = MAX_PIXELS) -> Path:
    """Write frame ``index`` (0-based) of a multi-page TIFF to ``out``, losslessly.

    The frame keeps its pixels, mode and dpi (its orientation tag is applied). It is a
    PNG when ``out`` ends in ".png" and PNG can hold the mode, else a TIFF: later steps
    go by content, not by name.
    """
    fmt = sniff_format(path)
    name = f"{path.name} frame {index}"
    with opened(path, fmt, max_pixels) as image:
        try:
            image.seek(index)
        except EOFError as exc:
            raise IndexError(f"{path.name} has no frame {index}") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise CorruptFileError(f"{name}: {exc}") from exc
        check_pixels(image, max_pixels, name)
        _decode(image, name)
        dpi = image.info.get("dpi")
        frame = upright(image)
        if out.suffix.lower() == ".png" and frame.mode in _PNG_MODES:
            frame.save(out, "PNG", **({"dpi": dpi} if dpi else {}))
        else:
            compression = "group4" if frame.mode == "1" else "tiff_deflate"
            frame.save(out, "TIFF", compression=compression, **({"dpi": dpi} if dpi else {}))
    return out
