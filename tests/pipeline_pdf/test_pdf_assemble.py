"""Assembly: pages in order, lossless, PDF/A-2b that is claimed only when it is true."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pdf_builders import TITLE, Built, build_single_text_page
from pikepdf.pdfa import validate_written
from PIL import ImageCms

from workers.pipeline.assemble import (
    AssembleResult,
    DocumentMeta,
    OcrPage,
    OriginalPage,
    assemble,
    pdf_metadata,
    read_pdfa_claim,
)
from workers.pipeline.errors import CorruptFileError
from workers.pipeline.pdf_inspect import inspect_pdf

META = DocumentMeta(
    title="PDRB Kota Pariaman Menurut Lapangan Usaha 2019–2023",
    subject="Publikasi tahunan PDRB Kota Pariaman",
    keywords=["PDRB", "Pariaman", "ekonomi"],
    author="BPS Kota Pariaman",
)
OcrFactory = Callable[[str, list[str]], Built]


def pdftotext(pdf: Path, page: int) -> str:
    """The page's text as poppler reads it: a check independent of the pipeline."""
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    completed = subprocess.run(args, capture_output=True, text=True, check=True)
    return " ".join(completed.stdout.split())


def words(text: str) -> str:
    return " ".join(text.split())


def qpdf_check(pdf: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["qpdf", "--check", str(pdf)], capture_output=True, text=True, check=False
    )


def page_images(pdf: pikepdf.Pdf, index: int) -> list[bytes]:
    xobjects = pdf.pages[index].Resources.get("/XObject", {})
    return [x.read_raw_bytes() for x in xobjects.values() if x.get("/Subtype") == "/Image"]


@pytest.fixture(scope="module")
def ocr_pages(ocr_page_factory: OcrFactory) -> list[Built]:
    return [
        ocr_page_factory("ocr1", ["Kata Pengantar hasil pindaian", "Kepala BPS Kota Pariaman"]),
        ocr_page_factory("ocr3", ["Lampiran tabel penduduk", "Kecamatan Pariaman Tengah 34.211"]),
    ]


@pytest.fixture(scope="module")
def assembled(
    tmp_path_factory: pytest.TempPathFactory, ocr_pages: list[Built], born_digital: Built
) -> tuple[Path, AssembleResult]:
    out = tmp_path_factory.mktemp("assembled") / "publikasi.pdf"
    parts = [
        OcrPage(ocr_pages[0].path),
        OriginalPage(born_digital.path, 1),
        OcrPage(ocr_pages[1].path),
    ]
    return out, assemble(parts, out, META)


def test_pages_are_in_order(
    assembled: tuple[Path, AssembleResult], ocr_pages: list[Built], born_digital: Built
) -> None:
    out, result = assembled
    assert result.page_count == 3
    assert pdftotext(out, 1) == words(ocr_pages[0].texts[0])
    assert pdftotext(out, 2) == words(born_digital.texts[0])
    assert pdftotext(out, 3) == words(ocr_pages[1].texts[0])
    assert TITLE in pdftotext(out, 2)


def test_result_is_validated_pdfa_2b(assembled: tuple[Path, AssembleResult]) -> None:
    out, result = assembled
    assert result.pdfa
    assert result.reason == ""
    assert result.path == out
    assert read_pdfa_claim(out) == ("2", "B")
    assert validate_written(out, "2b").passed  # the final bytes, re-read from disk
    info = inspect_pdf(out)
    assert (info.pdfa_part, info.pdfa_conformance) == ("2", "B")
    assert not info.encrypted


def test_xmp_and_docinfo_agree(assembled: tuple[Path, AssembleResult]) -> None:
    out, _ = assembled
    meta = pdf_metadata(out)
    xmp, info = meta["xmp"], meta["docinfo"]
    assert xmp["dc:title"] == info["Title"] == META.title
    assert xmp["dc:description"] == info["Subject"] == META.subject
    assert xmp["pdf:Keywords"] == info["Keywords"] == "PDRB, Pariaman, ekonomi"
    assert xmp["dc:subject"] == sorted(META.keywords)
    assert xmp["dc:creator"] == [info["Author"]] == [META.author]
    assert xmp["xmp:CreatorTool"] == info["Creator"] == "Pustaka — Perpustakaan BPS Kota Pariaman"
    assert xmp["pdf:Producer"] == info["Producer"]
    assert info["Producer"].startswith("Pustaka")
    assert xmp["dc:language"] == ["id"]
    assert meta["lang"] == "id"
    assert info["CreationDate"].startswith("D:20")
    assert xmp["xmp:CreateDate"][:10] == xmp["xmp:ModifyDate"][:10]


def test_output_intent_trailer_id_and_clean_structure(
    assembled: tuple[Path, AssembleResult],
) -> None:
    out, _ = assembled
    meta = pdf_metadata(out)
    [intent] = meta["output_intents"]
    assert intent["subtype"] == "/GTS_PDFA1"
    assert intent["icc_n"] == 3
    profile = ImageCms.ImageCmsProfile(io.BytesIO(intent["icc"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    assert intent["icc"][12:20] == b"mntrRGB "
    assert [len(part) for part in meta["trailer_id"]] == [16, 16]
    assert meta["encrypted"] is False
    check = qpdf_check(out)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout
    with pikepdf.open(out) as pdf:
        names = pdf.Root.get("/Names", pikepdf.Dictionary())
        assert "/JavaScript" not in names
        assert "/EmbeddedFiles" not in names
        assert "/OpenAction" not in pdf.Root
        assert all("/Group" not in pdf.pages[i].obj for i in (0, 2))


def test_images_are_carried_byte_for_byte(
    assembled: tuple[Path, AssembleResult], ocr_pages: list[Built]
) -> None:
    out, _ = assembled
    with pikepdf.open(out) as pdf:
        for index, built in ((0, ocr_pages[0]), (2, ocr_pages[1])):
            with pikepdf.open(built.path) as source:
                assert page_images(pdf, index) == page_images(source, 0)
                assert page_images(pdf, index)  # there is an image to compare


def test_unembedded_fonts_give_a_plain_pdf_and_say_why(
    tmp_path: Path, ocr_pages: list[Built]
) -> None:
    plain = build_single_text_page(
        tmp_path / "helvetica.pdf", ["Tabel 3.1 Luas Wilayah"], core_font=True
    )
    out = tmp_path / "out.pdf"
    result = assemble([OcrPage(ocr_pages[0].path), OriginalPage(plain.path, 1)], out, META)
    assert not result.pdfa
    assert "Helvetica" in result.reason
    assert "not embedded" in result.reason
    assert read_pdfa_claim(out) is None
    meta = pdf_metadata(out)
    assert meta["output_intents"] == []
    assert meta["docinfo"]["Title"] == META.title
    assert pdftotext(out, 2) == "Tabel 3.1 Luas Wilayah"
    assert qpdf_check(out).returncode == 0


def test_a_file_the_validator_rejects_carries_no_claim(
    tmp_path: Path, ocr_pages: list[Built]
) -> None:
    """DeviceCMYK on a carried page needs a CMYK output intent: not PDF/A with sRGB."""
    from fpdf import FPDF
    from fpdf.drawing import DeviceCMYK

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_fill_color(DeviceCMYK(0, 0.8, 0.8, 0))
    pdf.rect(20, 20, 50, 20, style="F")
    cmyk, out = tmp_path / "cmyk.pdf", tmp_path / "out.pdf"
    pdf.output(str(cmyk))
    result = assemble([OriginalPage(cmyk, 1), OcrPage(ocr_pages[0].path)], out, META)
    assert not result.pdfa
    assert "DeviceCMYK" in result.reason
    assert read_pdfa_claim(out) is None
    assert pdf_metadata(out)["output_intents"] == []
    assert pdf_metadata(out)["docinfo"]["Title"] == META.title
    assert pdftotext(out, 2) == words(ocr_pages[0].texts[0])


def test_pdfa_can_be_turned_off(tmp_path: Path, ocr_pages: list[Built]) -> None:
    out = tmp_path / "plain.pdf"
    result = assemble([OcrPage(ocr_pages[0].path)], out, META, pdfa=False)
    assert (result.pdfa, result.reason) == (False, "PDF/A was not requested")
    assert read_pdfa_claim(out) is None
    assert pdf_metadata(out)["xmp"]["dc:title"] == META.title


def _linked_original(path: Path) -> Path:
    """Two born-digital pages; page 1 links to page 2 (an explicit /Dest)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    link = pdf.add_link(page=2)
    pdf.cell(0, 10, "Lihat Tabel 2 di halaman berikut", link=link)
    pdf.add_page()
    pdf.cell(0, 10, "Tabel 2")
    pdf.output(str(path))
    return path


def _page_objects(pdf_path: Path) -> int:
    with pikepdf.open(pdf_path) as pdf:
        return sum(
            1
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page"
        )


def _named(original: Path, out: Path) -> Path:
    """The same link through a named destination (/Names /Dests name tree)."""
    with pikepdf.open(original) as pdf:
        [link] = pdf.pages[0].Annots
        tree = pikepdf.NameTree.new(pdf)
        tree["tabel-2"] = pdf.make_indirect(pikepdf.Dictionary(D=link.Dest))
        pdf.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
        link.Dest = pikepdf.String("tabel-2")
        pdf.save(out)
    return out


@pytest.mark.parametrize("kind", ["explicit", "named"])
def test_links_follow_their_page_or_are_dropped(
    tmp_path: Path, ocr_pages: list[Built], kind: str
) -> None:
    original = _linked_original(tmp_path / "linked.pdf")
    if kind == "named":
        original = _named(original, tmp_path / "named.pdf")
    kept, dropped = tmp_path / "kept.pdf", tmp_path / "dropped.pdf"
    parts = [OriginalPage(original, 1), OcrPage(ocr_pages[0].path, replaces=2)]
    assemble(parts, kept, META, pdfa=False)
    with pikepdf.open(kept) as pdf:
        [link] = pdf.pages[0].Annots
        assert link.Dest[0].objgen == pdf.pages[1].obj.objgen
        assert str(link.Dest[1]) == "/XYZ"
    assemble([OriginalPage(original, 1), OcrPage(ocr_pages[0].path)], dropped, META, pdfa=False)
    with pikepdf.open(dropped) as pdf:
        assert "/Annots" not in pdf.pages[0].obj
    # The page a link pointed at is not dragged along as a hidden copy.
    assert _page_objects(kept) == 2
    assert _page_objects(dropped) == 2


def test_scripts_and_page_actions_are_not_carried(
    tmp_path: Path, born_digital: Built, ocr_pages: list[Built]
) -> None:
    scripted = tmp_path / "scripted.pdf"
    with pikepdf.open(born_digital.path) as pdf:
        js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        uri = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://bps.go.id"))
        page = pdf.pages[0].obj
        page.AA = pikepdf.Dictionary(O=js)
        page.Annots = pikepdf.Array(
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[10, 10, 100, 30],
                    A=action,
                    F=4,
                )
            )
            for action in (js, uri)
        )
        pdf.save(scripted)
    out = tmp_path / "out.pdf"
    result = assemble([OriginalPage(scripted, 1), OcrPage(ocr_pages[0].path)], out, META)
    assert result.pdfa, result.reason
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0].obj
        assert "/AA" not in page
        actions = [annot.get("/A") for annot in page.Annots]
        assert actions[0] is None
        assert str(actions[1].URI) == "https://bps.go.id"


def test_transparency_group_of_an_ocr_page_is_dropped(
    tmp_path: Path, ocr_pages: list[Built]
) -> None:
    grouped = tmp_path / "grouped.pdf"
    with pikepdf.open(ocr_pages[0].path) as pdf:
        group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)
        pdf.pages[0].obj.Group = group
        pdf.save(grouped)
    out = tmp_path / "out.pdf"
    assert assemble([OcrPage(grouped)], out, META).pdfa
    with pikepdf.open(out) as pdf:
        assert "/Group" not in pdf.pages[0].obj


def test_original_pages_keep_their_content_stream(
    assembled: tuple[Path, AssembleResult], born_digital: Built
) -> None:
    out, _ = assembled
    with pikepdf.open(out) as pdf, pikepdf.open(born_digital.path) as source:
        assert pdf.pages[1].Contents.read_bytes() == source.pages[0].Contents.read_bytes()


def test_identical_fonts_of_ocr_pages_are_shared(
    tmp_path: Path, ocr_page_factory: OcrFactory
) -> None:
    lines = ["Halaman hasil OCR", "Kota Pariaman"]
    pages = [ocr_page_factory(f"same{i}", lines) for i in range(3)]
    out = tmp_path / "shared.pdf"
    assert assemble([OcrPage(p.path) for p in pages], out, META).pdfa
    with pikepdf.open(out) as pdf:
        fonts = {pdf.pages[i].Resources.Font["/F1"].objgen for i in range(3)}
        programs = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o]
    assert len(fonts) == 1
    assert len(programs) == 1
    assert all(pdftotext(out, n) == words("\n".join(lines)) for n in (1, 2, 3))


def test_output_is_replaced_atomically(tmp_path: Path, ocr_pages: list[Built]) -> None:
    out = tmp_path / "doc.pdf"
    out.write_bytes(b"previous version")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    with pytest.raises(CorruptFileError):
        assemble([OcrPage(ocr_pages[0].path), OcrPage(broken)], out, META)
    assert out.read_bytes() == b"previous version"
    assemble([OcrPage(ocr_pages[0].path)], out, META)
    assert read_pdfa_claim(out) == ("2", "B")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.pdf", "doc.pdf"]


def test_owner_password_original_gives_an_unencrypted_output(
    tmp_path: Path, born_digital: Built, ocr_pages: list[Built]
) -> None:
    locked = tmp_path / "owner.pdf"
    with pikepdf.open(born_digital.path) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="", owner="pemilik"))
    out = tmp_path / "out.pdf"
    result = assemble([OriginalPage(locked, 2), OcrPage(ocr_pages[1].path)], out, META)
    assert result.pdfa
    assert pdf_metadata(out)["encrypted"] is False
    assert pdftotext(out, 1) == words(born_digital.texts[1])


def test_fifty_pages(tmp_path: Path, born_digital: Built, ocr_pages: list[Built]) -> None:
    parts: list[OcrPage | OriginalPage] = []
    for i in range(50):
        if i % 2:
            parts.append(OriginalPage(born_digital.path, 1 + (i // 2) % 2))
        else:
            parts.append(OcrPage(ocr_pages[(i // 2) % 2].path))
    out = tmp_path / "fifty.pdf"
    result = assemble(parts, out, META)
    assert result.pdfa
    assert result.page_count == 50
    assert pdftotext(out, 50) == words(born_digital.texts[0])
    assert pdftotext(out, 49) == words(ocr_pages[0].texts[0])
