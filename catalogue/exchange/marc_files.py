"""MARC files in and out: ISO 2709 and MARCXML bytes <-> ``pymarc.Record``.

Reading yields every record with its position, or the reason it could not be read, so
one damaged record is reported by number instead of stopping the file with a traceback.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree import ElementTree

from lxml import etree
from pymarc import Field, Indicators, Leader, Record, Subfield
from pymarc.exceptions import PymarcException
from pymarc.marcxml import record_to_xml_node

MARC_XML_NS = "http://www.loc.gov/MARC21/slim"
RECORD_END, FIELD_END, SUBFIELD_START = b"\x1d", b"\x1e", b"\x1f"
ISO2709, MARCXML = "marc", "marcxml"
ISO2709_FIELD_MAX, ISO2709_RECORD_MAX = 9999, 99999


@dataclass(frozen=True)
class ReadProblem:
    code: str
    message: tuple[str, str]
    detail: str = ""


@dataclass(frozen=True)
class ReadResult:
    number: int  # 1 = the first record of the file
    record: Record | None
    problem: ReadProblem | None = None


def detect_format(head: bytes) -> str | None:
    """``marc`` (ISO 2709), ``marcxml``, or None: judged by the content, not the name."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return MARCXML if b"record" in text or b"MARC21/slim" in text else None
    if len(text) >= 24 and text[:5].isdigit() and text[12:17].isdigit():
        return ISO2709
    return None


def read_records(data: bytes, file_format: str) -> Iterator[ReadResult]:
    if file_format == MARCXML:
        return _read_xml(data)
    return _read_iso2709(data)


# --- ISO 2709 --------------------------------------------------------------------------


def _read_iso2709(data: bytes) -> Iterator[ReadResult]:
    data = data.lstrip(b"\xef\xbb\xbf")
    chunks = data.split(RECORD_END)
    tail = chunks.pop()  # what follows the last record terminator
    for number, chunk in enumerate(chunks, start=1):
        chunk = chunk.lstrip(b"\r\n ")  # some exports put a line break between records
        if not chunk:
            continue
        yield _decode(number, chunk + RECORD_END)
    if tail.strip(b"\r\n \x1a\x00"):
        yield ReadResult(len(chunks) + 1, None, ReadProblem("truncated", TRUNCATED))


def _decode(number: int, chunk: bytes) -> ReadResult:
    declared = chunk[:5]
    if len(chunk) < 25 or not declared.isdigit() or not chunk[12:17].isdigit():
        return ReadResult(number, None, ReadProblem("bad_record", DAMAGED, "leader"))
    if int(declared) > len(chunk):
        detail = f"{len(chunk)} of {int(declared)} bytes"
        return ReadResult(number, None, ReadProblem("truncated", TRUNCATED, detail))
    utf8 = chunk[9:10] == b"a" or _looks_utf8(chunk)
    try:
        record = Record(
            data=chunk, force_utf8=utf8, utf8_handling="strict", hide_utf8_warnings=True
        )
    except UnicodeDecodeError as exc:
        return ReadResult(number, None, ReadProblem("bad_encoding", BAD_UTF8, str(exc)))
    except (PymarcException, ValueError, IndexError) as exc:
        detail = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        return ReadResult(number, None, ReadProblem("bad_record", DAMAGED, detail))
    if not utf8:  # MARC-8 diacritics come out as combining marks: compose them
        _compose(record)
    return ReadResult(number, record)


def _compose(record: Record) -> None:
    for field in record.fields:
        if field.control_field:
            continue
        field.subfields = [
            Subfield(code=sub.code, value=unicodedata.normalize("NFC", sub.value))
            for sub in field.subfields
        ]


def _looks_utf8(chunk: bytes) -> bool:
    """Leader/09 blank means MARC-8, but SLiMS and others leave it blank on UTF-8 data.

    MARC-8 text is almost never valid UTF-8 (its diacritics are single bytes >= 0xE0
    before an ASCII letter), and it switches character sets with ESC: so non-ASCII bytes
    that decode as UTF-8 without any ESC are UTF-8.
    """
    if chunk.isascii() or b"\x1b" in chunk:
        return False
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- MARCXML ---------------------------------------------------------------------------


def _read_xml(data: bytes) -> Iterator[ReadResult]:
    number = 0
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,  # no external entities, no network: a file is only data
        no_network=True,
        huge_tree=False,
    )
    try:
        for event, element in events:
            if event == "start":
                if number == 0 and _declares_entities(element):
                    # Refused whole and loudly: an entity would be silently dropped (its
                    # text cut short) or, read by another tool, fetch files or the network.
                    yield ReadResult(1, None, ReadProblem("xml_entities", XML_ENTITIES, ""))
                    return
                continue
            if etree.QName(element).localname != "record" or not _is_marc(element):
                continue
            number += 1
            try:
                yield ReadResult(number, _xml_record(element))
            except (ValueError, KeyError) as exc:
                yield ReadResult(number, None, ReadProblem("bad_record", DAMAGED, str(exc)))
            element.clear()
    except etree.XMLSyntaxError as exc:
        yield ReadResult(number + 1, None, ReadProblem("bad_xml", BAD_XML, str(exc)))


def _declares_entities(element: etree._Element) -> bool:
    """Whether the document has a DOCTYPE (where entities are declared): MARCXML needs none."""
    info = element.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def _is_marc(element: etree._Element) -> bool:
    namespace = etree.QName(element).namespace
    return namespace in (None, MARC_XML_NS)


def _xml_record(element: etree._Element) -> Record:
    record = Record(force_utf8=True)
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment
        name = etree.QName(child).localname
        if name == "leader":
            text = (child.text or "").ljust(24)[:24]
            record.leader = Leader(text)
        elif name in ("controlfield", "datafield"):
            record.add_field(_xml_field(child))
    return record


def _xml_field(element: etree._Element) -> Field:
    tag = element.get("tag")
    if not tag:
        raise ValueError("a field without its tag attribute")
    subfields = [
        Subfield(code=sub.get("code") or " ", value=sub.text or "")
        for sub in element
        if isinstance(sub.tag, str) and etree.QName(sub).localname == "subfield"
    ]
    if tag < "010" and tag.isdigit():
        # SLiMS writes 005 as a datafield with $a: keep the value as the control field's
        text = element.text or "".join(subfield.value for subfield in subfields)
        return Field(tag=tag, data=text.strip() if subfields else text)
    indicators = Indicators((element.get("ind1") or " ")[:1], (element.get("ind2") or " ")[:1])
    return Field(tag=tag, indicators=indicators, subfields=subfields)


# --- writing ---------------------------------------------------------------------------


def write_iso2709(records: Iterable[Record], out: BinaryIO) -> int:
    count = 0
    for record in records:
        record.leader = _utf8_leader(record.leader)
        data = record.as_marc()
        too_long = [f.tag for f in record.fields if len(f.as_marc("utf-8")) > ISO2709_FIELD_MAX]
        if too_long or len(data) > ISO2709_RECORD_MAX:
            control = record.get("001")
            raise RecordTooLongError(control.data or "" if control else "", too_long)
        out.write(data)
        count += 1
    return count


def write_marcxml(records: Iterable[Record], out: BinaryIO) -> int:
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<collection xmlns="{MARC_XML_NS}">\n'.encode())
    count = 0
    for record in records:
        record.leader = _utf8_leader(record.leader)
        try:
            node = _to_lxml(record_to_xml_node(record))
        except ValueError as exc:  # lxml refuses control characters
            control = record.get("001")
            raise NotXmlSafeError(control.data or "" if control else "", str(exc)) from exc
        out.write(etree.tostring(node, encoding="utf-8") + b"\n")
        count += 1
    out.write(b"</collection>\n")
    return count


def _to_lxml(node: object) -> etree._Element:
    """pymarc builds an ElementTree node; rebuild it with lxml, which writes a carriage
    return as ``&#13;`` (ElementTree leaves it raw and XML readers drop it)."""
    assert isinstance(node, ElementTree.Element)
    element = etree.Element(f"{{{MARC_XML_NS}}}{node.tag}", nsmap={None: MARC_XML_NS})
    _copy(node, element)
    return element


def _copy(source: object, target: etree._Element) -> None:
    assert isinstance(source, ElementTree.Element)
    for name, value in source.attrib.items():
        target.set(name, value)
    target.text = source.text
    for child in source:
        _copy(child, etree.SubElement(target, f"{{{MARC_XML_NS}}}{child.tag}"))


def _utf8_leader(leader: Leader | str) -> Leader:
    text = str(leader)
    return Leader(text[:9] + "a" + text[10:])


class MarcWriteError(ValueError):
    """A record that cannot be written in the format asked for; says which and why."""

    message: tuple[str, str] = ("", "")

    def __init__(self, control_number: str, detail: str) -> None:
        super().__init__(f"record {control_number}: {detail}")
        self.control_number = control_number
        self.detail = detail


class RecordTooLongError(MarcWriteError):
    """ISO 2709 counts a field in 4 digits and a record in 5: MARCXML has no such limit."""

    message = (
        "Rekaman terlalu panjang untuk ISO 2709; pakai --format marcxml.",
        "A record is too long for ISO 2709; use --format marcxml.",
    )

    def __init__(self, control_number: str, tags: list[str]) -> None:
        super().__init__(control_number, f"too long for ISO 2709 ({', '.join(tags)})")
        self.tags = tags


class NotXmlSafeError(MarcWriteError):
    """XML 1.0 cannot hold most control characters; ISO 2709 can."""

    message = (
        "Rekaman berisi karakter kendali yang tidak boleh ada di XML; pakai --format marc.",
        "A record holds control characters XML cannot carry; use --format marc.",
    )


# --- messages --------------------------------------------------------------------------

TRUNCATED = (
    "Rekaman terpotong: berkas berakhir sebelum rekaman selesai.",
    "The record is truncated: the file ends before the record does.",
)
DAMAGED = (
    "Rekaman MARC rusak dan tidak dapat dibaca.",
    "The MARC record is damaged and cannot be read.",
)
BAD_UTF8 = (
    "Rekaman menyatakan UTF-8 (posisi 9 leader = a) tetapi isinya bukan UTF-8.",
    "The record says UTF-8 (leader position 9 = a) but its content is not UTF-8.",
)
BAD_XML = ("Berkas MARCXML tidak dapat diurai.", "The MARCXML file cannot be parsed.")
XML_ENTITIES = (
    "Berkas MARCXML memuat DOCTYPE atau deklarasi entitas; demi keamanan berkas ini tidak "
    "diimpor sama sekali. Ekspor ulang tanpa DOCTYPE.",
    "The MARCXML file has a DOCTYPE or entity declarations; for safety nothing in it is "
    "imported. Export it again without a DOCTYPE.",
)
