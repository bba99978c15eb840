"""Pages as lines of words with boxes, from Tesseract's hOCR or from plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in the page image's pixels

_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_WCONF = re.compile(r"x_wconf (\d+)")
_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


@dataclass(frozen=True)
class Word:
    text: str
    box: Box | None = None
    confidence: float = 1.0  # Tesseract's word confidence, 0..1


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    box: Box | None = None

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def height(self) -> int:
        """The height of the line's box (a proxy for its font size); 0 without boxes."""
        return self.box[3] - self.box[1] if self.box else 0

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words that overlap the character span ``start:end`` of ``text``."""
        found, offset = [], 0
        for word in self.words:
            if offset < end and start < offset + len(word.text):
                found.append(word)
            offset += len(word.text) + 1
        return found


@dataclass(frozen=True)
class PageText:
    """One page: its number in the softcopy, its lines, the size its boxes refer to."""

    number: int
    lines: tuple[Line, ...]
    size: tuple[int, int] | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def page_from_text(number: int, text: str) -> PageText:
    """A page known only by its text (a born-digital PDF page): lines without boxes."""
    lines = tuple(
        Line(tuple(Word(part) for part in raw.split())) for raw in text.splitlines() if raw.split()
    )
    return PageText(number, lines)


def page_from_hocr(number: int, hocr: str) -> PageText:
    """A page from Tesseract's hOCR: every line with its words, boxes and confidences."""
    parser = _HocrParser()
    parser.feed(hocr)
    parser.close()
    return PageText(number, tuple(parser.lines), parser.size)


class _HocrParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.size: tuple[int, int] | None = None
        self._line_box: Box | None = None
        self._words: list[Word] = []
        self._word: tuple[Box | None, float] | None = None
        self._text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        kind, title = values.get("class") or "", values.get("title") or ""
        self._stack.append(kind)
        if kind == "ocr_page":
            box = _box(title)
            self.size = (box[2], box[3]) if box else None
        elif kind in _LINE_CLASSES:
            self._end_line()
            self._line_box = _box(title)
        elif kind == "ocrx_word":
            conf = _WCONF.search(title)
            self._word = (_box(title), int(conf.group(1)) / 100 if conf else 1.0)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        kind = self._stack.pop()
        if kind == "ocrx_word" and self._word is not None:
            text = "".join(self._text).strip()
            if text:
                self._words.append(Word(text, self._word[0], self._word[1]))
            self._word = None
        elif kind in _LINE_CLASSES:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self._word is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._end_line()

    def _end_line(self) -> None:
        if self._words:
            self.lines.append(Line(tuple(self._words), self._line_box))
        self._words, self._line_box = [], None


def _box(title: str) -> Box | None:
    found = _BBOX.search(title)
    if not found:
        return None
    x0, y0, x1, y1 = (int(value) for value in found.groups())
    return (x0, y0, x1, y1)
