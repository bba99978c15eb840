"""The pure table extractor on generated BPS pages (born digital) and a real hOCR."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.table_draw import lay_out, render_pdf
from bench.table_pages import page_tables
from workers.pipeline.tables.detect import find_tables
from workers.pipeline.tables.hocr import words_from_hocr
from workers.pipeline.tables.model import PageWords, Table, Word
from workers.pipeline.tables.numbers import format_number, parse_number
from workers.pipeline.tables.pdf_words import words_from_pdf

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("printed", "kind", "value"),
    [
        ("94.821", "number", 94821),
        ("66,37", "number", 66.37),
        ("1.293", "number", 1293),
        ("1.234.567,89", "number", 1234567.89),
        ("-3,25", "number", -3.25),
        ("−0,88", "number", -0.88),
        ("12,5%", "number", 12.5),
        ("100,00", "number", 100.0),
        ("12.345*)", "number", 12345),
        ("–", "na", None),
        ("-", "na", None),
        ("…", "na", None),
        ("", "empty", None),
        ("Kota Pariaman", "text", None),
        ("(1)", "text", None),
    ],
)
def test_indonesian_numbers(printed: str, kind: str, value: float | None) -> None:
    parsed = parse_number(printed)
    assert (parsed.kind, parsed.value) == (kind, value)
    if kind == "na":
        assert parsed.note == printed  # the printed mark is kept


def test_percent_and_round_trip() -> None:
    assert parse_number("66,37%").percent
    assert format_number(94821) == "94.821"
    assert format_number(-1234.5, 2) == "-1.234,50"
    assert parse_number(format_number(1234567.891, 2)).value == 1234567.89


def _layout(seed: int):
    specs = page_tables(seed)
    for pt in (9.0, 8.5, 8.0, 7.5, 7.0):
        layout = lay_out(specs, pt, "Kota Pariaman Dalam Angka 2024")
        if layout is not None:
            return specs, layout
    raise AssertionError("no layout")


def test_born_digital_pages_cell_exact(tmp_path: Path) -> None:
    """Bordered and borderless, merged headers, wrapped labels, two tables on a page."""
    seeds = [2, 3, 5, 16]
    layouts = [_layout(s) for s in seeds]
    pdf = render_pdf([layout for _, layout in layouts], tmp_path / "tables.pdf")
    for page, (specs, _) in enumerate(layouts, start=1):
        tables = find_tables(words_from_pdf(pdf, page))
        assert [t.number for t in tables] == [s.number for s in specs]
        for table, spec in zip(tables, specs, strict=True):
            assert table.rows == spec.rows
            assert table.title == spec.title
            assert table.title_en == spec.title_en
            assert table.column_names == spec.column_names()
            assert table.source == spec.source
            assert table.notes == spec.notes
            assert table.totals == spec.totals
            x0, y0, x1, y1 = table.bbox
            assert 0 < x0 < x1 < 1
            assert 0 < y0 < y1 < 1


def test_merged_header_cells(tmp_path: Path) -> None:
    specs, layout = _layout(16)  # "Penduduk / Population" over three columns
    table = find_tables(words_from_pdf(render_pdf([layout], tmp_path / "p.pdf"), 1))[0]
    (a, b, lines) = specs[0].spans[0]
    top = [h for h in table.header if h.row == 0 and h.span > 1]
    assert [(h.col, h.span, h.text) for h in top] == [(a, b - a + 1, " ".join(lines))]
    assert {h.col for h in table.header if h.row == 1} == set(range(a, b + 1))


def test_scanned_page_from_stored_hocr() -> None:
    """A real Tesseract hOCR of a bordered scan with wrapped row labels (seed 5)."""
    hocr = (DATA / "table-page-scan.hocr").read_text(encoding="utf-8")
    tables = find_tables(words_from_hocr(hocr))
    spec = page_tables(5)[0]
    assert len(tables) == 1
    assert tables[0].number == spec.number
    assert tables[0].rows == spec.rows
    assert tables[0].source == spec.source


def test_text_only_page_has_no_table() -> None:
    """Prose that names a table and has numbers is no table: no "(1) (2)" row."""
    words, y = [], 100.0
    for line in [
        "Tabel 3.3 menunjukkan jumlah penduduk 94.821 jiwa pada 2021",
        "dengan kepadatan 1.293 jiwa per km2 (lihat Tabel 3.4)",
    ]:
        x = 100.0
        for token in line.split():
            words.append(Word(token, x, y, x + 12 * len(token), y + 30))
            x += 12 * len(token) + 12
        y += 50
    assert find_tables(PageWords(width=2480, height=3508, words=words)) == []


def test_json_round_trip_keeps_printed_text_and_values() -> None:
    hocr = (DATA / "table-page-scan.hocr").read_text(encoding="utf-8")
    table = find_tables(words_from_hocr(hocr))[0]
    data = table.as_dict()
    assert Table.from_dict(data) == table
    cells = data["cells"]
    negative = next(c for row in cells for c in row[1:] if c["text"].startswith("-"))
    assert negative["type"] == "number"
    assert negative["value"] < 0
    dash = next(c for row in cells for c in row[1:] if c["text"] == "-")
    assert dash["type"] == "na"
    assert dash["value"] is None
    assert dash["note"] == "-"


def test_second_look_reads_only_the_cells_ocr_dropped(tmp_path: Path) -> None:
    """Words of one figure column removed from a real hOCR (as Tesseract's layout analysis
    sometimes drops them): the grid's empty cells are read off the page image by the real
    Tesseract in one call, and nothing else changes."""
    from bench.table_draw import render_image
    from workers.pipeline.tables.reread import fill_gaps
    from workers.pipeline.tools import tesseract

    specs = page_tables(5)
    layout = next(x for pt in (9.0, 8.5, 8.0) if (x := lay_out(specs, pt, "K")))
    image = render_image(layout)
    words = words_from_hocr((DATA / "table-page-scan.hocr").read_text(encoding="utf-8"))
    full = find_tables(words)[0]
    column = full.edges[1] * words.width, full.edges[2] * words.width
    body_top = full.row_boxes[0][1] * words.height
    words.words = [
        w for w in words.words if not (column[0] < w.cx < column[1] and w.y0 >= body_top)
    ]
    table = find_tables(words)[0]
    assert all(row[2] == "" for row in table.rows)
    calls: list[Path] = []

    def read(strip: Path, out: Path) -> Path:
        calls.append(strip)
        return tesseract.read_block(strip, out, languages="ind+eng", dpi=300)

    filled = fill_gaps([table], image, read, tmp_path)
    assert len(calls) == 1
    spec_rows = specs[0].rows
    printed = [row[2] for row in spec_rows]
    assert filled == sum(1 for text in printed if text != "-")  # a lone dash stays unread
    assert [row[2] for row in table.rows] == [t if t != "-" else "" for t in printed]
    others = [[c for i, c in enumerate(row) if i != 2] for row in table.rows]
    assert others == [[c for i, c in enumerate(row) if i != 2] for row in spec_rows]


def test_spreadsheet_cells_never_run_as_formulas() -> None:
    """Printed text that a spreadsheet would run (=, +, @ …) stays text; figures,
    negatives included, stay numbers."""
    import io as _io

    from openpyxl import load_workbook

    from portal.tables.export import TableSheet, csv_text, workbook_bytes

    sheet = TableSheet(
        number="1.1",
        title="Uji",
        title_en="Test",
        publication="Kota Pariaman Dalam Angka",
        page=3,
        columns=["Wilayah", "Nilai"],
        rows=[['=HYPERLINK("http://x")', "-3,25"], ["@SUM(A1)", "94.821"], ["Jumlah", "…"]],
    )
    cells = list(load_workbook(_io.BytesIO(workbook_bytes([sheet]))).worksheets[0].iter_rows())
    values = [[c.value for c in row] for row in cells]
    assert ['=HYPERLINK("http://x")', -3.25] in values
    assert ["@SUM(A1)", 94821] in values
    formula = next(c for row in cells for c in row if c.value == '=HYPERLINK("http://x")')
    assert formula.data_type == "s"
    dash = next(row for row in cells if row[0].value == "Jumlah")[1]
    assert dash.value is None
    assert dash.comment is not None
    assert "…" in dash.comment.text
    text = csv_text(sheet)
    assert "'=HYPERLINK" in text
    assert "-3.25" in text
    assert "94821" in text
