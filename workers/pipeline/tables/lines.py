"""Words into printed lines, and lines into runs of words set close together."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from workers.pipeline.tables.model import Word

_INK = re.compile(r"[0-9A-Za-z\u00C0-\u024F%–—−-]")


@dataclass
class Line:
    """Words sharing a baseline, left to right."""

    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def cy(self) -> float:
        return statistics.median(w.cy for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def runs(self, gap: float) -> list[list[Word]]:
        """Groups of words separated by less than ``gap`` (phrases, cells)."""
        groups: list[list[Word]] = []
        for word in self.words:
            if groups and word.x0 - groups[-1][-1].x1 < gap:
                groups[-1].append(word)
            else:
                groups.append([word])
        return groups


def is_ink(word: Word, height: float) -> bool:
    """A real word rather than a speck read as "." or "'" (ignored for layout)."""
    return bool(_INK.search(word.text)) and word.height >= 0.4 * height


def median_height(words: list[Word]) -> float:
    """The typical word height on the page (the unit of most thresholds here)."""
    heights = [w.height for w in words if any(c.isalnum() for c in w.text)]
    return statistics.median(heights) if heights else 1.0


def group_lines(words: list[Word], height: float) -> list[Line]:
    """Lines top to bottom: a word joins the line whose centre is within half a
    word height of its own (the page is deskewed, so lines are level)."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: w.cy):
        if lines and abs(word.cy - _centre(lines[-1])) <= 0.5 * height:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _centre(line: Line) -> float:
    return sum(w.cy for w in line.words) / len(line.words)
