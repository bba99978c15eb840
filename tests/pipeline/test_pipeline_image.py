"""load_page_image: safe decoding of untrusted page images, and multi-page TIFF frames."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFile

from workers.pipeline.context import PageContext
from workers.pipeline.errors import (
    CorruptFileError,
    DecompressionBombError,
    ImageTooSmallError,
    UnsupportedTypeError,
)
from workers.pipeline.image import count_frames, extract_frame, load_page_image

MakeCtx = Callable[..., PageContext]


def _save(image: Image.Image, path: Path, fmt: str, **options: object) -> Path:
    image.save(path, fmt, **options)
    return path


def _loaded(path: Path, ctx: PageContext) -> Image.Image:
    out = load_page_image(path, ctx)
    assert out.read_bytes()[:4] == b"II*\x00"  # an uncompressed TIFF for the next steps
    with Image.open(out) as image:
        image.load()
        return image


def _png_header_only(width: int, height: int) -> bytes:
    """A valid PNG whose header announces ``width``×``height`` grey pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


# --- what is accepted -------------------------------------------------------------


def test_grey_png_is_normalised_with_its_facts(
    tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx
) -> None:
    ctx = make_ctx()
    source = _save(text_page, tmp_path / "scan.png", "PNG", dpi=(300, 300))
    page = _loaded(source, ctx)
    assert page.mode == "L"
    assert np.array_equal(np.asarray(page), np.asarray(text_page))
    assert ctx.facts["dpi"] == 300
    assert (ctx.facts["width"], ctx.facts["height"]) == text_page.size
    assert ctx.facts["mode"] == "L"
    assert ctx.facts["source_format"] == "PNG"
    assert ctx.facts["geometry_changed"] is False


def test_type_is_decided_by_content_not_by_name(
    tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx
) -> None:
    ctx = make_ctx()
    source = _save(text_page, tmp_path / "scan.gif", "TIFF", dpi=(300, 300))
    _loaded(source, ctx)
    assert ctx.facts["source_format"] == "TIFF"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(None, 250), ((20, 20), 250), ((9600, 9600), 250), ((400, 400), 400), ((199.9994, 200), 200)],
)
def test_dpi_comes_from_the_file_unless_missing_or_absurd(
    tmp_path: Path,
    make_ctx: MakeCtx,
    stored: tuple[float, float] | None,
    expected: int,
) -> None:
    ctx = make_ctx(dpi_hint=250)
    options = {"dpi": stored} if stored else {}
    source = _save(Image.new("L", (1000, 1000), 255), tmp_path / "p.png", "PNG", **options)
    _loaded(source, ctx)
    assert ctx.facts["dpi"] == expected
    assert ctx.facts["dpi_from_file"] is (expected != 250)


def test_jpeg_and_tiff_resolutions_are_read(tmp_path: Path, make_ctx: MakeCtx) -> None:
    blank = Image.new("L", (1300, 1300), 255)
    for fmt, dpi in (("JPEG", 200), ("TIFF", 600)):
        ctx = make_ctx()
        _loaded(_save(blank, tmp_path / f"p.{fmt}", fmt, dpi=(dpi, dpi)), ctx)
        assert (ctx.facts["source_format"], ctx.facts["dpi"]) == (fmt, dpi)


def test_non_square_pixels_are_resampled_to_the_higher_dpi(
    tmp_path: Path, make_ctx: MakeCtx
) -> None:
    fax = Image.new("L", (408, 392), 255)  # 2 × 2 inches at 204 × 196 dpi
    ctx = make_ctx()
    page = _loaded(_save(fax, tmp_path / "fax.tif", "TIFF", dpi=(204, 196)), ctx)
    assert page.size == (408, 408)
    assert ctx.facts["dpi"] == 204
    assert ctx.facts["geometry_changed"] is True


def test_colour_scan_of_black_text_becomes_grey(
    tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx
) -> None:
    grey = np.asarray(text_page.crop((200, 250, 1400, 900)), dtype=np.float32)
    # Yellowish paper and colour fringes (red channel one pixel off), as colour scanners do.
    red = np.roll(grey, 1, axis=1) * (240 / 255)
    rgb = np.stack([red, grey * (235 / 255), grey * (210 / 255)], axis=2).astype(np.uint8)
    source = _save(Image.fromarray(rgb, "RGB"), tmp_path / "c.png", "PNG", dpi=(300, 300))
    ctx = make_ctx()
    assert _loaded(source, ctx).mode == "L"
    assert ctx.facts["mode"] == "L"


def test_real_colour_stays_rgb(tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx) -> None:
    rgb = text_page.crop((200, 250, 1400, 900)).convert("RGB")
    rgb.paste((200, 30, 30), (900, 400, 1050, 550))  # a red stamp, ≈ 3 % of the area
    source = _save(rgb, tmp_path / "stamp.png", "PNG", dpi=(300, 300))
    page = _loaded(source, make_ctx())
    assert page.mode == "RGB"
    assert page.getpixel((950, 450)) == (200, 30, 30)


def _palette_with_transparency() -> Image.Image:
    image = Image.new("P", (400, 400), 0)
    image.putpalette([0, 0, 0, 0, 0, 0])  # both entries black; entry 0 is transparent
    image.paste(1, (100, 100, 200, 200))
    image.info["transparency"] = 0
    return image


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparency_is_flattened_onto_white(tmp_path: Path, make_ctx: MakeCtx, mode: str) -> None:
    rgba = Image.new("RGBA", (400, 400), (0, 0, 0, 0))  # transparent *black*
    rgba.paste((0, 0, 0, 255), (100, 100, 200, 200))
    image = _palette_with_transparency() if mode == "P" else rgba.convert(mode)
    options = {"transparency": 0} if mode == "P" else {}
    source = _save(image, tmp_path / "alpha.png", "PNG", dpi=(300, 300), **options)
    page = _loaded(source, make_ctx())
    assert page.mode == "L"
    assert page.getpixel((10, 10)) == 255  # transparent: white paper, not black
    assert page.getpixel((150, 150)) == 0


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path, make_ctx: MakeCtx) -> None:
    values = np.full((400, 400), 65535, dtype=np.uint16)
    values[:, 200:] = 32896  # 50 % grey in 16 bits
    values[:100, :100] = 0
    source = _save(Image.fromarray(values), tmp_path / "deep.png", "PNG", dpi=(300, 300))
    with Image.open(source) as check:
        assert check.mode.startswith("I")  # really a 16-bit file
    page = _loaded(source, make_ctx())
    assert page.mode == "L"
    assert (page.getpixel((150, 150)), page.getpixel((300, 300)), page.getpixel((5, 5))) == (
        255,
        128,
        0,
    )


def test_bitonal_stays_bitonal(tmp_path: Path, text_page: Image.Image, make_ctx: MakeCtx) -> None:
    bitonal = text_page.convert("1")
    source = _save(bitonal, tmp_path / "bw.tif", "TIFF", compression="group4", dpi=(300, 300))
    page = _loaded(source, make_ctx())
    assert page.mode == "1"
    assert np.array_equal(np.asarray(page), np.asarray(bitonal))


def test_exif_orientation_is_applied(tmp_path: Path, make_ctx: MakeCtx) -> None:
    image = Image.new("L", (800, 600), 255)
    image.paste(0, (0, 0, 200, 200))  # dark block at the stored top-left
    exif = Image.Exif()
    exif[0x0112] = 6  # display turned 90° clockwise
    source = _save(image, tmp_path / "phone.jpg", "JPEG", dpi=(300, 300), exif=exif.tobytes())
    ctx = make_ctx()
    page = np.asarray(_loaded(source, ctx))
    assert page.shape == (800, 600)  # height, width: turned
    assert page[:200, -200:].mean() < 30  # the block is now top-right
    assert page[:200, :200].mean() > 225
    assert ctx.facts["geometry_changed"] is True


# --- what is refused --------------------------------------------------------------


def _gif(path: Path) -> None:
    Image.new("L", (400, 400), 255).save(path, "GIF")


def _bmp(path: Path) -> None:
    Image.new("L", (400, 400), 255).save(path, "BMP")


def _webp(path: Path) -> None:
    Image.new("RGB", (400, 400), "white").save(path, "WEBP")


def _text(path: Path) -> None:
    path.write_text("Jumlah Penduduk Kota Pariaman\n")


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("page.png", b"\x89PNG\r\n\x1a\n")


def _pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")


@pytest.mark.parametrize("write", [_gif, _bmp, _webp, _text, _zip, _pdf])
def test_unsupported_types_are_refused_by_content(
    tmp_path: Path, make_ctx: MakeCtx, write: Callable[[Path], None]
) -> None:
    source = tmp_path / "scan.png"  # the name lies: only the bytes count
    write(source)
    with pytest.raises(UnsupportedTypeError):
        load_page_image(source, make_ctx())


def _truncate(data: bytes) -> bytes:
    return data[: len(data) * 6 // 10]


def _garble(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 64]) + data[middle + 64 :]


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
@pytest.mark.parametrize(
    ("fmt", "damage"),
    [
        ("PNG", _truncate),
        ("PNG", _garble),
        ("JPEG", _truncate),
        ("TIFF", _truncate),
        ("TIFF", lambda data: data[:8]),  # header pointing past the end
    ],
)
def test_damaged_files_are_corrupt(
    tmp_path: Path,
    scanned_page: Image.Image,
    make_ctx: MakeCtx,
    fmt: str,
    damage: Callable[[bytes], bytes],
) -> None:
    buffer = io.BytesIO()
    scanned_page.crop((0, 0, 1200, 1200)).save(buffer, fmt, dpi=(300, 300))
    source = tmp_path / "damaged"
    source.write_bytes(damage(buffer.getvalue()))
    with pytest.raises(CorruptFileError):
        load_page_image(source, make_ctx())
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_empty_file_is_corrupt(tmp_path: Path, make_ctx: MakeCtx) -> None:
    source = tmp_path / "empty.png"
    source.write_bytes(b"")
    with pytest.raises(CorruptFileError):
        load_page_image(source, make_ctx())


def test_too_many_pixels_is_refused_before_decoding(
    tmp_path: Path, make_ctx: MakeCtx, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _save(Image.new("L", (1200, 1200), 255), tmp_path / "big.png", "PNG")

    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded before the size check")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(DecompressionBombError):
        load_page_image(source, make_ctx(max_pixels=1_000_000))


@pytest.mark.parametrize(
    "size",
    [
        (11_000, 11_000),  # 121 MP: over our limit, under PIL's own error (only a warning)
        (100_000, 100_000),  # 10 GP: PIL itself refuses it
    ],
)
def test_bomb_headers_are_refused(tmp_path: Path, make_ctx: MakeCtx, size: tuple[int, int]) -> None:
    source = tmp_path / "bomb.png"
    source.write_bytes(_png_header_only(*size))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # PIL's DecompressionBombWarning must not leak
        with pytest.raises(DecompressionBombError):
            load_page_image(source, make_ctx())


@pytest.mark.parametrize(
    ("size", "dpi"),
    [((150, 1000), 100), ((250, 250), 300), ((1000, 280), 300)],
)
def test_tiny_images_are_refused(
    tmp_path: Path, make_ctx: MakeCtx, size: tuple[int, int], dpi: int
) -> None:
    source = _save(Image.new("L", size, 255), tmp_path / "tiny.png", "PNG", dpi=(dpi, dpi))
    with pytest.raises(ImageTooSmallError):
        load_page_image(source, make_ctx())


def test_small_but_large_enough_is_accepted(tmp_path: Path, make_ctx: MakeCtx) -> None:
    source = _save(Image.new("L", (250, 250), 255), tmp_path / "ok.png", "PNG", dpi=(200, 200))
    assert _loaded(source, make_ctx()).size == (250, 250)


# --- multi-page TIFF ----------------------------------------------------------------


def test_tiff_frames_are_counted_and_extracted_losslessly(
    tmp_path: Path, scanned_page: Image.Image
) -> None:
    frames = [
        scanned_page.crop((0, 0, 900, 1000)),
        scanned_page.crop((200, 250, 1100, 1250)),
        scanned_page.crop((0, 0, 900, 1000)).convert("1"),
    ]
    source = tmp_path / "book.tif"
    frames[0].save(
        source,
        "TIFF",
        save_all=True,
        append_images=frames[1:],
        dpi=(300, 300),
        compression="tiff_lzw",
    )
    assert count_frames(source) == 3
    for index, name in ((1, "frame.png"), (2, "frame.tif")):
        out = extract_frame(source, index, tmp_path / name)
        with Image.open(out) as frame:
            assert frame.mode == frames[index].mode
            assert np.array_equal(np.asarray(frame), np.asarray(frames[index]))
            assert round(frame.info["dpi"][0]) == 300
    with pytest.raises(IndexError):
        extract_frame(source, 3, tmp_path / "none.tif")


def test_single_images_have_one_frame(tmp_path: Path) -> None:
    source = _save(Image.new("L", (300, 300), 255), tmp_path / "one.jpg", "JPEG")
    assert count_frames(source) == 1
    _gif(tmp_path / "x.tif")
    with pytest.raises(UnsupportedTypeError):
        count_frames(tmp_path / "x.tif")


def test_the_loaded_page_is_an_uncompressed_tiff_with_its_dpi(tmp_path: Path) -> None:
    """Six steps and Tesseract read the page: a raw TIFF is read in milliseconds."""
    from workers.pipeline.context import PageContext

    source = tmp_path / "scan.png"
    Image.new("L", (2480, 3508), 255).save(source, dpi=(300, 300))
    ctx = PageContext(workdir=tmp_path / "work", page_number=1)
    out = load_page_image(source, ctx)
    with Image.open(out) as loaded:
        assert loaded.format == "TIFF"
        assert loaded.info["compression"] == "raw"
        assert loaded.info["dpi"] == (300, 300)
    without_dpi = tmp_path / "nodpi.png"
    Image.new("L", (2480, 3508), 255).save(without_dpi)
    hinted = PageContext(workdir=tmp_path / "w2", page_number=1)
    with Image.open(load_page_image(without_dpi, hinted)) as loaded:
        assert loaded.info["dpi"] == (300, 300)  # the dpi it was given is written down
