"""The synthetic page corpus: reproducible, realistic, honest ground truth, real files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from bench.corpus import (
    KINDS,
    born_digital_pdf,
    degrade,
    images_to_scanned_pdf,
    make_page,
    mixed_pdf,
    mixed_pdf_pages,
    standard_set,
    write_jpeg,
    write_png,
    write_tiff,
)
from bench.metrics import cer, digit_accuracy

THOUSANDS = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b")  # 12.345
DECIMAL = re.compile(r"\b\d+,\d{2}\b")  # 97,14


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image)


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def run(*args: str) -> str:
    """A poppler tool's standard output."""
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def test_same_seed_gives_identical_png_bytes(tmp_path: Path) -> None:
    first = write_png(make_page(7, kind="mixed"), tmp_path / "a.png").read_bytes()
    again = write_png(make_page(7, kind="mixed"), tmp_path / "b.png").read_bytes()
    other = write_png(make_page(8, kind="mixed"), tmp_path / "c.png").read_bytes()
    assert first == again
    assert first != other


def test_page_geometry_follows_size_and_dpi() -> None:
    page = make_page(1, kind="prose")
    assert page.image.mode == "L"
    assert page.image.size == (2480, 3508)  # A4 at 300 dpi
    assert page.dpi == 300
    assert make_page(1, kind="prose", dpi=150, size="F4").image.size == (1270, 1949)
    with pytest.raises(ValueError, match="kind"):
        make_page(1, kind="poster")  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_prose_page_ground_truth_is_substantial(seed: int) -> None:
    page = make_page(seed, kind="prose")
    assert len(page.text) > 1000
    assert page.words == page.text.split()
    assert page.digits == ""  # no table on a prose page
    assert page.text.startswith("Kota Pariaman Dalam Angka 20")
    assert re.search(r"^\d+\.\d [A-Z]", page.text, re.MULTILINE)  # a section heading
    assert "Pariaman" in page.text
    assert max(len(line) for line in page.text.splitlines()) < 110  # wrapped, not one line


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_table_page_has_bps_tables_with_indonesian_numbers(seed: int) -> None:
    page = make_page(seed, kind="table")
    text = page.text
    assert re.search(r"^Tabel \d+\.\d+ ", text, re.MULTILINE)
    assert re.search(r"^Table \d+\.\d+ ", text, re.MULTILINE)  # English subtitle
    assert "Sumber: " in text
    assert "(1) (2) (3)" in text  # BPS column numbers
    assert THOUSANDS.search(text) or DECIMAL.search(text)
    assert len(page.digits) >= 50
    assert page.digits.isdigit()
    assert is_subsequence(page.digits, "".join(re.findall(r"\d", text)))


def test_population_table_is_consistent() -> None:
    pages = [make_page(s, kind="table") for s in range(12)]
    text = next(p.text for p in pages if "Menurut Kecamatan dan Jenis Kelamin" in p.text)
    rows = re.findall(
        r"^Pariaman (?:Selatan|Tengah|Timur|Utara) ([\d.]+) ([\d.]+) ([\d.]+) ", text, re.M
    )
    assert len(rows) == 4
    for male, female, total in rows:
        assert int(male.replace(".", "")) + int(female.replace(".", "")) == int(
            total.replace(".", "")
        )


def test_mixed_page_has_prose_and_a_table() -> None:
    page = make_page(4, kind="mixed")
    assert "Tabel " in page.text
    assert page.digits
    assert any(len(line) > 60 and line.endswith(".") for line in page.text.splitlines())


def test_degrade_rotates_skews_and_keeps_ground_truth() -> None:
    page = make_page(2, kind="table", dpi=100)
    turned = degrade(page, rotate=90)
    assert turned.image.size == (page.image.height, page.image.width)
    assert turned.text == page.text
    assert turned.digits == page.digits
    assert (turned.rotation, turned.variant) == (90, "rot90")
    upside_down = degrade(degrade(page, rotate=180), rotate=180)
    assert np.array_equal(pixels(upside_down.image), pixels(page.image))  # lossless turns
    skewed = degrade(page, skew_degrees=-3.0)
    assert skewed.image.size == page.image.size
    assert skewed.image.getpixel((0, 0)) == 255  # white fill
    assert not np.array_equal(pixels(skewed.image), pixels(page.image))
    with pytest.raises(ValueError, match="rotate"):
        degrade(page, rotate=45)


def test_noise_is_reproducible_and_looks_scanned() -> None:
    page = make_page(3, kind="prose", dpi=100)
    noisy = degrade(page, noise=0.8, seed=5)
    assert np.array_equal(pixels(noisy.image), pixels(degrade(page, noise=0.8, seed=5).image))
    assert not np.array_equal(pixels(noisy.image), pixels(degrade(page, noise=0.8, seed=6).image))
    values = pixels(noisy.image)
    assert noisy.image.mode == "L"
    assert noisy.image.size == page.image.size
    assert 200 < np.median(values) < 250  # paper is no longer pure white
    assert len(np.unique(values)) > 100  # sensor noise, not two-tone
    assert noisy.text == page.text


def test_standard_set_mix() -> None:
    pages = standard_set(12, dpi=100)
    assert len(pages) == 12
    variants = Counter(re.sub(r"[-+\d.]+$", "", p.variant) for p in pages)
    assert variants == {"clean": 4, "skew": 4, "rot": 2, "noise": 2}
    skews = [p.skew for p in pages if p.skew]
    assert all(1.0 <= abs(s) <= 4.0 for s in skews)
    assert min(skews) < 0 < max(skews)  # both directions
    assert {p.rotation for p in pages if p.rotation} <= {90, 180}
    assert all(0.5 <= p.noise <= 1.0 for p in pages if p.noise)
    assert Counter(p.kind for p in pages) == dict.fromkeys(KINDS, 4)
    assert [p.text for p in standard_set(3, dpi=100)] == [p.text for p in pages[:3]]


def test_image_writers_keep_pixels_and_dpi(tmp_path: Path) -> None:
    page = make_page(5, kind="table", dpi=150)
    for path in (write_png(page, tmp_path / "p.png"), write_tiff(page, tmp_path / "p.tif")):
        with Image.open(path) as image:
            assert np.array_equal(pixels(image), pixels(page.image))
            assert round(image.info["dpi"][0]) == 150
    with Image.open(write_jpeg(page, tmp_path / "p.jpg", quality=90)) as image:
        assert image.format == "JPEG"
        assert image.size == page.image.size
        assert image.info["dpi"] == (150, 150)


def test_scanned_pdf_is_lossless_and_a4(tmp_path: Path) -> None:
    pages = [make_page(s, kind="prose", dpi=100) for s in (1, 2)]
    with pikepdf.open(images_to_scanned_pdf(pages, tmp_path / "scan.pdf")) as pdf:
        assert len(pdf.pages) == 2
        box = [float(v) for v in pdf.pages[0].mediabox]
        assert box[2] == pytest.approx(595.3, abs=1)
        assert box[3] == pytest.approx(841.9, abs=1)
        (image,) = pdf.pages[1].get_images().values()
        assert isinstance(image, pikepdf.Stream)
        extracted = pikepdf.PdfImage(image).as_pil_image()
        assert np.array_equal(pixels(extracted), pixels(pages[1].image))


def test_born_digital_pdf_text_round_trips_through_pdftotext(tmp_path: Path) -> None:
    pages = [make_page(s, kind=k, dpi=100) for s, k in enumerate(KINDS)]
    path = born_digital_pdf([p.text for p in pages], tmp_path / "born.pdf")
    assert "DejaVuSans" in run("pdffonts", str(path))
    for number, page in enumerate(pages, start=1):
        text = run("pdftotext", "-f", str(number), "-l", str(number), str(path), "-")
        assert text.split() == page.words


def test_mixed_pdf_reports_its_scanned_pages(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    scanned = mixed_pdf(path, n_pages=4, scanned=[2, 3], dpi=100)
    assert scanned == [2, 3]
    assert mixed_pdf(tmp_path / "default.pdf", n_pages=5, dpi=100) == [2, 4]
    truth = mixed_pdf_pages(4, dpi=100)
    for number in range(1, 5):
        pages = ("-f", str(number), "-l", str(number))
        text = run("pdftotext", *pages, str(path), "-")
        fonts = run("pdffonts", *pages, str(path)).splitlines()[2:]
        if number in scanned:
            assert text.strip() == ""
            assert fonts == []
        else:
            assert text.split() == truth[number - 1].words
            assert fonts


def tesseract_ready() -> bool:
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return {"ind", "eng"} <= set(langs.stdout.split())


@pytest.mark.integration
@pytest.mark.skipif(not tesseract_ready(), reason="tesseract with ind+eng is not installed")
def test_tesseract_reads_a_clean_table_page(tmp_path: Path) -> None:
    page = make_page(2, kind="table")
    image = write_png(page, tmp_path / "page.png")
    result = subprocess.run(
        ["tesseract", str(image), "-", "-l", "ind+eng"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    assert cer(page.text, result.stdout) < 0.02
    assert digit_accuracy(page.digits, result.stdout) > 0.98
