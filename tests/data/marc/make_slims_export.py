"""Writes slims-export.mrc and slims-export.xml: what SLiMS 9's MARC export gives.

Run from the repository root: ``.venv/bin/python tests/data/marc/make_slims_export.py``.
The bytes follow SLiMS's ``admin/modules/bibliography/marcexport.php`` and PEAR
File_MARC (``toRaw``/``toXML``) as SLiMS ships them, quirks included:

- leader from File_MARC's 24 blanks with only the lengths, ``22`` and ``4500`` filled
  in: leader/09 is blank (MARC-8 by the book) although the data is UTF-8;
- no 001 and no 008; 005 written as a *data* field with ``$a``;
- indicators blank everywhere (File_MARC turns SLiMS's ``0`` into a blank);
- 245 ``$a`` the title before the first colon, ``$b`` `` : `` and the rest, ``$c`` the
  statement of responsibility, ``$h`` the GMD;
- 020 ``$a`` SLiMS's one ``isbn_issn`` cell: an ISBN with hyphens and a qualifier, or
  an ISSN;
- 041 ``$a`` SLiMS's two-letter language id; 084 the classification;
- 300 ``$a``/``$b``/``$c`` cut from the collation with SLiMS's regular expressions (``$c``
  repeats the whole collation);
- subjects by SLiMS topic type: 650 topic, 651 geographic, 600 name, 653 temporal;
- empty subfields and fields left out, as File_MARC's ``isEmpty`` does; no items.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).parent

# (tag, [(code, value), ...]) in the order marcexport.php appends them
RECORDS = [
    [
        (
            "245",
            [
                ("a", "Kota Pariaman Dalam Angka 2023"),
                ("b", " : Pariaman Municipality in Figures 2023"),
                ("c", "Badan Pusat Statistik Kota Pariaman"),
                ("h", "[Teks]"),
            ],
        ),
        ("020", [("a", "ISSN 2302-0334")]),
        ("250", [("a", "Edisi 2023")]),
        ("110", [("a", "Badan Pusat Statistik Kota Pariaman")]),
        ("700", [("a", "Rina Marlina")]),
        ("650", [("a", "Statistik Daerah")]),
        ("651", [("a", "Pariaman (Kota)")]),
        ("005", [("a", "20231115094512")]),
        ("260", [("a", "Pariaman"), ("b", "BPS Kota Pariaman"), ("c", "2023")]),
        ("041", [("a", "id")]),
        ("084", [("a", "310.598 132")]),
        ("COLLATION", "xiv, 312 hlm. : ilus. ; 25 cm"),
        ("500", [("a", "Terbit setiap tahun sejak 2009.")]),
    ],
    [
        ("245", [("a", "Metode Statistika"), ("c", "Sudjana"), ("h", "[Teks]")]),
        ("020", [("a", "978-979-96251-7-5 (pbk.)")]),
        ("250", [("a", "Ed. 6")]),
        ("100", [("a", "Sudjana")]),
        ("650", [("a", "Statistika")]),
        ("650", [("a", "Matematika")]),
        ("005", [("a", "20220301101500")]),
        ("260", [("a", "Bandung"), ("b", "Tarsito"), ("c", "2005")]),
        ("041", [("a", "id")]),
        ("084", [("a", "519.5 SUD m")]),
        ("COLLATION", "xii, 508 hlm. ; 24 cm"),
    ],
    [
        (
            "245",
            [
                ("a", "Statistik Kesejahteraan Rakyat Sumatera Barat"),
                ("b", " : analisis – edisi ’22"),
                ("h", "[Teks]"),
            ],
        ),
        ("020", [("a", "979-8-88570-002-3")]),
        ("110", [("a", "BPS Provinsi Sumatera Barat")]),
        ("700", [("a", "Zoë Andriani Putri")]),
        ("650", [("a", "Kesejahteraan sosial")]),
        ("600", [("a", "Sumatera Barat")]),
        ("653", [("a", "2022")]),
        ("005", [("a", "20230105080000")]),
        ("260", [("a", "Padang"), ("b", "BPS Provinsi Sumatera Barat"), ("c", "2022")]),
        ("041", [("a", "en")]),
        ("084", [("a", "")]),  # empty classification: File_MARC leaves the field out
        ("COLLATION", "x, 96 hlm."),
    ],
]


def _collation(text: str) -> list[tuple[str, str]]:
    """marcexport.php's three preg_replace calls on biblio.collation."""
    return [
        ("a", re.sub(r";.*$", "", text)),
        ("b", re.sub(r"(^.+;)|(:.*$)", "", text)),
        ("c", re.sub(r".+:$", "", text)),
    ]


def _fields(record: list) -> list[tuple[str, list[tuple[str, str]]]]:
    fields = []
    for tag, value in record:
        if tag == "COLLATION":
            tag, value = "300", _collation(value)
        subfields = [(code, text) for code, text in value if text != ""]
        if subfields:
            fields.append((tag, subfields))
    return fields


def to_raw(record: list) -> bytes:
    data, directory = b"", b""
    for tag, subfields in _fields(record):
        raw = b"  " + b"".join(b"\x1f" + c.encode() + v.encode() for c, v in subfields) + b"\x1e"
        directory += f"{tag}{len(raw):04d}{len(data):05d}".encode()
        data += raw
    base = 24 + len(directory) + 1
    leader = f"{base + len(data) + 1:05d}     22{base:05d}   4500".encode()
    return leader + directory + b"\x1e" + data + b"\x1d"


def to_xml(records: list) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<collection xmlns="http://www.loc.gov/MARC21/slim">',
    ]
    for record in records:
        lines.append(" <record>")
        lines.append("  <leader>00000     22        4500</leader>")
        for tag, subfields in _fields(record):
            lines.append(f'  <datafield tag="{tag}" ind1=" " ind2=" ">')
            for code, value in subfields:
                lines.append(f"   <subfield code={quoteattr(code)}>{escape(value)}</subfield>")
            lines.append("  </datafield>")
        lines.append(" </record>")
    lines.append("</collection>")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (HERE / "slims-export.mrc").write_bytes(b"".join(to_raw(record) for record in RECORDS))
    (HERE / "slims-export.xml").write_text(to_xml(RECORDS), encoding="utf-8")
