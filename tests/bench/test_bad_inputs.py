"""Each bad input really is what it claims, judged with the plain libraries (PIL, pikepdf)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from PIL import Image, UnidentifiedImageError

from bench.bad_inputs import BOMB_SIDE, USER_PASSWORD, BadInput, make_bad_inputs
from workers.pipeline import errors
from workers.pipeline.context import MAX_PIXELS

SUPPORTED_IMAGES = {"PNG", "JPEG", "TIFF"}
BRIEF_CODES = (
    "unsupported_type", "corrupt_file", "encrypted_pdf", "too_many_pixels", "no_pages",
    "image_too_small",
)  # fmt: skip
REQUIRED_KINDS = {
    "empty_png", "empty_pdf", "truncated_png", "truncated_jpeg", "truncated_tiff",
    "garbage_pdf", "truncated_pdf", "destroyed_pdf", "encrypted_pdf", "zero_page_pdf",
    "png_bomb", "gif", "bmp", "text_as_jpg", "zip_as_pdf", "html_as_pdf", "docx",
    "tiny_png", "svg",
}  # fmt: skip


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BadInput]:
    return make_bad_inputs(tmp_path_factory.mktemp("bad"))


def pipeline_codes() -> set[str]:
    """The codes of the pipeline's bad-input errors (errors.py), subclasses included."""
    found, todo = set(), [errors.BadInputError]
    while todo:
        cls = todo.pop()
        found.add(cls.code)
        todo.extend(cls.__subclasses__())
    return found


def pil_failure(path: Path) -> Exception | None:
    """What PIL raises opening and decoding the file, or None when it decodes."""
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return exc
    return None


def pikepdf_failure(path: Path) -> Exception | None:
    """What pikepdf raises opening the file, or None when it opens."""
    try:
        with pikepdf.open(path):
            pass
    except pikepdf.PdfError as exc:
        return exc
    return None


def test_enough_kinds_with_pipeline_codes(bad: dict[str, BadInput]) -> None:
    assert len(bad) >= 16
    assert set(bad) >= REQUIRED_KINDS
    codes = {b.expected_code for b in bad.values()}
    assert codes == set(BRIEF_CODES)
    assert codes <= pipeline_codes()
    assert len({b.path for b in bad.values()}) == len(bad)
    assert all(b.description and b.path.exists() for b in bad.values())


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")  # PIL on the cut TIFF
def test_corrupt_files_fail_in_the_libraries(bad: dict[str, BadInput]) -> None:
    corrupt = [b for b in bad.values() if b.expected_code == "corrupt_file"]
    assert len(corrupt) >= 9
    for item in corrupt:
        if item.path.suffix == ".pdf":
            failure = pikepdf_failure(item.path)
            assert failure is not None, item.path
            assert not isinstance(failure, pikepdf.PasswordError)
        else:
            failure = pil_failure(item.path)
            assert failure is not None, item.path
            assert not isinstance(failure, Image.DecompressionBombError)


def test_truncated_images_announce_a_supported_format(bad: dict[str, BadInput]) -> None:
    for name, fmt in (("truncated_png", "PNG"), ("truncated_jpeg", "JPEG")):
        with Image.open(bad[name].path) as image:
            assert image.format == fmt
            with pytest.raises(OSError, match="truncated"):
                image.load()
    assert bad["truncated_tiff"].path.read_bytes()[:4] == b"II*\x00"
    assert bad["truncated_pdf"].path.read_bytes().startswith(b"%PDF-")
    assert bad["destroyed_pdf"].path.read_bytes().startswith(b"%PDF-")
    assert bad["empty_png"].path.stat().st_size == 0
    assert bad["empty_pdf"].path.stat().st_size == 0


def test_encrypted_pdf_needs_its_password(bad: dict[str, BadInput]) -> None:
    path = bad["encrypted_pdf"].path
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pikepdf.open(path, password=USER_PASSWORD) as pdf:
        assert pdf.is_encrypted
        assert len(pdf.pages) == 1


def test_zero_page_pdf_opens_with_no_pages(bad: dict[str, BadInput]) -> None:
    with pikepdf.open(bad["zero_page_pdf"].path) as pdf:
        assert len(pdf.pages) == 0
        assert list(pdf.Root.Pages.Kids) == []
        assert int(pdf.Root.Pages.Count) == 0


def test_bombs_are_small_files_declaring_too_many_pixels(
    bad: dict[str, BadInput], monkeypatch: pytest.MonkeyPatch
) -> None:
    bombs = [b for b in bad.values() if b.expected_code == "too_many_pixels"]
    assert {b.path.suffix for b in bombs} >= {".png", ".jpg"}
    for bomb in bombs:
        assert bomb.path.stat().st_size < 2_000_000
        with pytest.raises(Image.DecompressionBombError):
            Image.open(bomb.path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    for bomb in bombs:
        with Image.open(bomb.path) as image:  # header only: never decoded
            assert image.width * image.height > MAX_PIXELS
    with Image.open(bad["png_bomb"].path) as image:
        assert image.size == (BOMB_SIDE, BOMB_SIDE)


def test_tiny_image_is_a_valid_but_tiny_png(bad: dict[str, BadInput]) -> None:
    assert pil_failure(bad["tiny_png"].path) is None
    with Image.open(bad["tiny_png"].path) as image:
        assert (image.format, image.size) == ("PNG", (40, 40))


def test_unsupported_types_are_real_files_of_other_formats(bad: dict[str, BadInput]) -> None:
    unsupported = {k: b for k, b in bad.items() if b.expected_code == "unsupported_type"}
    for item in unsupported.values():
        assert pikepdf_failure(item.path) is not None
        try:
            with Image.open(item.path) as image:
                assert image.format not in SUPPORTED_IMAGES
                image.load()  # GIF, BMP, WebP: genuine images PIL reads
        except UnidentifiedImageError:
            pass
    for name in ("gif", "bmp", "webp"):
        if name in unsupported:
            assert pil_failure(unsupported[name].path) is None
    for name in ("zip_as_pdf", "docx", "xlsx"):
        with zipfile.ZipFile(unsupported[name].path) as archive:
            assert archive.testzip() is None
    with zipfile.ZipFile(unsupported["docx"].path) as archive:
        assert "word/document.xml" in archive.namelist()
    html = unsupported["html_as_pdf"].path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    svg = ElementTree.parse(unsupported["svg"].path).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Pariaman" in unsupported["text_as_jpg"].path.read_text(encoding="utf-8")
