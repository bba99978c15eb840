"""Scores extracted tables against the known cells of generated table pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.table_pages import TableSpec
from workers.pipeline.tables.model import Table
from workers.pipeline.tables.numbers import parse_figure, parse_number


@dataclass
class Score:
    """Counts over a set of pages: tables and cells right, printed text exact."""

    tables: int = 0
    found: int = 0
    invented: int = 0
    cells: int = 0
    cells_right: int = 0
    text_exact: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tables += other.tables
        self.found += other.found
        self.invented += other.invented
        self.cells += other.cells
        self.cells_right += other.cells_right
        self.text_exact += other.text_exact
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tables": self.tables,
            "found": self.found,
            "found_pct": _pct(self.found, self.tables),
            "invented": self.invented,
            "cells": self.cells,
            "cell_accuracy_pct": _pct(self.cells_right, self.cells),
            "text_exact_pct": _pct(self.text_exact, self.cells),
        }


def _pct(a: int, b: int) -> float:
    return round(100.0 * a / b, 2) if b else 100.0


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def same_value(truth: str, got: str, col: int) -> bool:
    """Same cell: the same text for row labels; the same parsed value for figures
    (a dash or ellipsis and an empty cell are both "no value")."""
    if col == 0:
        return norm(truth) == norm(got)
    want, have = parse_number(truth), parse_figure(got)
    if want.kind in ("na", "empty"):
        return have.kind in ("na", "empty")
    if want.kind == "number":
        return have.kind == "number" and have.value == want.value
    return norm(truth) == norm(got)


def score_grid(spec: TableSpec, rows: list[list[str]], offset: int = 0) -> tuple[int, int]:
    """Cells right (value at the same row and column) and cells printed exactly."""
    right = exact = 0
    for r, truth_row in enumerate(spec.rows):
        got_row = rows[r + offset] if 0 <= r + offset < len(rows) else []
        for c, truth in enumerate(truth_row):
            got = got_row[c] if c < len(got_row) else ""
            right += same_value(truth, got, c)
            exact += norm(truth) == norm(got)
    return right, exact


def score_page(specs: list[TableSpec], tables: list[Table], label: str) -> Score:
    """Match tables by printed number (then by order) and count their cells."""
    score = Score(tables=len(specs))
    unmatched = list(tables)
    for spec in specs:
        score.cells += sum(len(r) for r in spec.rows)
        match = next((t for t in unmatched if t.number == spec.number), None)
        if match is None and unmatched:
            match = unmatched[0]
        if match is None:
            score.errors.append(f"{label}: table {spec.number} not found")
            continue
        unmatched.remove(match)
        score.found += 1
        right, exact = score_grid(spec, match.rows)
        score.cells_right += right
        score.text_exact += exact
        if right < sum(len(r) for r in spec.rows):
            score.errors.append(f"{label}: table {spec.number} {right} cells right")
    score.invented = len(unmatched)
    return score


def score_library(specs: list[TableSpec], grids: list[list[list[str | None]]], label: str) -> Score:
    """A library's tables (lists of rows): each truth table scored against the grid and
    row offset that fit it best (generous to the library: no titles needed)."""
    score = Score(tables=len(specs))
    rows_of = [[[norm(c) for c in row] for row in grid] for grid in grids]
    used: set[int] = set()
    for spec in specs:
        score.cells += sum(len(r) for r in spec.rows)
        best = (0, 0, -1)
        for g, rows in enumerate(rows_of):
            for offset in range(0, max(1, len(rows) - len(spec.rows) + 1)):
                right, exact = score_grid(spec, rows, offset)
                best = max(best, (right, exact, g))
        right, exact, g = best
        if g >= 0 and right * 2 >= sum(len(r) for r in spec.rows):
            used.add(g)
            score.found += 1
            score.cells_right += right
            score.text_exact += exact
    score.invented = max(0, len(grids) - len(used))
    del label
    return score
