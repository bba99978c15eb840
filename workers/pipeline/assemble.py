"""Assemble a document from its pages: OCR'd pages and born-digital originals, in order.

Pages are merged with pikepdf, never re-encoded (lossless). With ``pdfa`` the result is
declared PDF/A-2b (sRGB output intent made with Pillow, XMP and DocInfo in agreement)
and pikepdf's PDF/A validator checks the written bytes before they are put in place:
a file that does not pass is saved without the claim and the reason is reported, so
the XMP never claims what the file is not.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import ImageCms

from workers.pipeline.errors import CorruptFileError
from workers.pipeline.pdf_inspect import open_pikepdf, pdfa_claim, unembedded_fonts

CREATOR = "Pustaka — Perpustakaan BPS Kota Pariaman"
PRODUCER = f"Pustaka (pikepdf {pikepdf.__version__})"
PDFA_FLAVOUR = "2b"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
_MAX_PDF_VERSION = (1, 7)  # PDF/A-2 is based on PDF 1.7
_ALLOWED_ACTIONS = frozenset([Name.GoTo, Name.GoToR, Name.URI, Name.Named])
_MAX_DIGEST_DEPTH = 12
_MAX_FORM_DEPTH = 4
_XMP_KEYS = (  # noqa: SIM905 - one line beats twelve
    "dc:title dc:description dc:subject dc:language dc:creator xmp:CreatorTool "
    "xmp:CreateDate xmp:ModifyDate pdf:Producer pdf:Keywords pdfaid:part pdfaid:conformance"
).split()


@dataclass(frozen=True)
class OcrPage:
    """A single-page searchable PDF from the OCR pipeline.

    ``replaces``: the original page number it stands in for, so links on carried-over
    pages that pointed at that page lead to it.
    """

    pdf: Path
    replaces: int | None = None


@dataclass(frozen=True)
class OriginalPage:
    """A born-digital page carried over unchanged from the original PDF (1-based)."""

    pdf: Path
    page_number: int


PagePart = OcrPage | OriginalPage


@dataclass(frozen=True)
class DocumentMeta:
    """What the catalogue knows about the publication, written to XMP and DocInfo."""

    title: str
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    language: str = "id"
    creator: str = CREATOR
    author: str = ""


@dataclass(frozen=True)
class AssembleResult:
    """The file written, and whether it is (validated) PDF/A-2b; if not, why not."""

    path: Path
    pdfa: bool
    reason: str = ""
    page_count: int = 0
    # What the PDF/A preparation changed (e.g. print flags set on annotations).
    changes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "path": str(self.path), "changes": list(self.changes)}


def assemble(
    parts: Sequence[PagePart], out: Path, meta: DocumentMeta, *, pdfa: bool = True
) -> AssembleResult:
    """Merge ``parts`` in order into ``out`` (written atomically); PDF/A-2b if possible.

    A non-conformance (e.g. a carried-over page with fonts that are not embedded) is not
    an error: the file is written without the PDF/A claim and ``reason`` says why.
    """
    if not parts:
        raise ValueError("nothing to assemble")
    with ExitStack() as stack:
        doc = stack.enter_context(pikepdf.new())
        version = _merge(doc, parts, stack)
        _dedupe_fonts(doc)
        _write_info(doc, meta)
        reason, changes = "PDF/A was not requested", tuple[str, ...]()
        if pdfa:
            reason = _pdfa_blocker(doc)
            if not reason:
                reason, changes = _save_pdfa(doc, out, version)
            if not reason:
                return AssembleResult(out, True, "", len(doc.pages), changes)
            _withdraw_claim(doc)
        _save_plain(doc, out, version)
        return AssembleResult(out, False, reason, len(doc.pages), changes)


def _merge(doc: pikepdf.Pdf, parts: Sequence[PagePart], stack: ExitStack) -> str:
    """Append every part's page; returns the highest PDF version among the sources."""
    originals: dict[Path, pikepdf.Pdf] = {}
    numbers: dict[Path, dict[tuple[int, int], int]] = {}  # page objgen -> page number
    positions: dict[tuple[Path | None, int], int] = {}
    pending: list[tuple[int, Path, dict[int, _Link]]] = []
    versions = ["1.4"]
    for index, part in enumerate(parts):
        if isinstance(part, OcrPage):
            src = stack.enter_context(_open_ocr_page(part.pdf))
            doc.pages.append(src.pages[0])
            page = doc.pages[-1].obj
            if Name.Group in page:  # our pages need no transparency group
                del page[Name.Group]
            if part.replaces is not None:
                positions.setdefault((None, part.replaces), index)
        else:
            if part.pdf not in originals:
                originals[part.pdf] = stack.enter_context(open_pikepdf(part.pdf))
                numbers[part.pdf] = {
                    page.obj.objgen: number
                    for number, page in enumerate(originals[part.pdf].pages, start=1)
                }
            src = originals[part.pdf]
            if not 1 <= part.page_number <= len(src.pages):
                raise ValueError(f"{part.pdf.name} has no page {part.page_number}")
            src_page = src.pages[part.page_number - 1].obj
            links = _detach_links(src, src_page, numbers[part.pdf])
            doc.pages.append(src.pages[part.page_number - 1])
            positions[(part.pdf, part.page_number)] = index
            pending.append((index, part.pdf, links))
        versions.append(str(src.pdf_version))
    _attach_links(doc, pending, positions)
    return max(versions, key=_version_key)


def _open_ocr_page(path: Path) -> pikepdf.Pdf:
    """Open an OCR page from memory: a 600-page book must not hold 600 open files."""
    with path.open("rb") as handle:
        head = handle.read(1024)
        if b"%PDF-" not in head:
            raise CorruptFileError(f"{path.name}: OCR page is not a PDF")
        data = head + handle.read()
    try:
        src = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        raise CorruptFileError(f"{path.name}: {exc}") from exc
    if len(src.pages) != 1:
        src.close()
        raise ValueError(f"{path.name}: an OCR page PDF must have one page")
    return src


# A link found on a carried-over page: (target page number or None, view parameters).
_Link = tuple[int | None, list[object]]


def _detach_links(
    src: pikepdf.Pdf, page: Dictionary, numbers: dict[tuple[int, int], int]
) -> dict[int, _Link]:
    """Take in-document link targets off a source page before it is copied.

    Copying a link to a page that is not carried over would drag that page (and its
    scan) into the output as an unreachable copy. The source is only edited in memory.
    Actions PDF/A forbids (JavaScript, launch, ...) and article beads go too.
    """
    for key in (Name.AA, Name.B):
        if key in page:
            del page[key]
    annots = page.get(Name.Annots)
    links: dict[int, _Link] = {}
    if not isinstance(annots, Array):
        return links
    for i, annot in enumerate(annots):
        if not isinstance(annot, Dictionary):
            continue
        if Name.AA in annot:
            del annot[Name.AA]
        if annot.get(Name.Subtype) == Name.Widget and Name.Parent in annot:
            del annot[Name.Parent]  # the form's field tree spans pages we may not carry
        action = annot.get(Name.A)
        dest = annot.get(Name.Dest)
        if isinstance(action, Dictionary):
            if action.get(Name.S) == Name.GoTo:
                dest = action.get(Name.D)
                del annot[Name.A]
            elif action.get(Name.S) not in _ALLOWED_ACTIONS:
                del annot[Name.A]
        if dest is not None:
            if Name.Dest in annot:
                del annot[Name.Dest]
            links[i] = _resolve_dest(src, dest, numbers)
    return links


def _resolve_dest(src: pikepdf.Pdf, dest: object, numbers: dict[tuple[int, int], int]) -> _Link:
    """(target page number, view) of an explicit or named destination in ``src``."""
    if isinstance(dest, pikepdf.String | Name):
        dest = _named_dest(src, dest)
    if isinstance(dest, Dictionary):
        dest = dest.get(Name.D)
    if not isinstance(dest, Array) or len(dest) == 0:
        return None, []
    target, view = dest[0], [_plain(item) for item in list(dest)[1:]]
    if isinstance(target, Dictionary):
        return numbers.get(target.objgen), view
    if isinstance(target, int):  # some producers write a page index
        return target + 1, view
    return None, view


def _named_dest(src: pikepdf.Pdf, name: pikepdf.String | Name) -> object:
    if isinstance(name, Name):
        dests = src.Root.get(Name.Dests)
        return dests.get(name) if isinstance(dests, Dictionary) else None
    names = src.Root.get(Name.Names)
    tree = names.get(Name.Dests) if isinstance(names, Dictionary) else None
    if not isinstance(tree, Dictionary):
        return None
    return pikepdf.NameTree(tree).get(str(name))


def _plain(item: object) -> object:
    """A view parameter (name, number or null) that can go into another document."""
    return item if isinstance(item, Name | int | float | Decimal) else None


def _attach_links(
    doc: pikepdf.Pdf,
    pending: list[tuple[int, Path, dict[int, _Link]]],
    positions: dict[tuple[Path | None, int], int],
) -> None:
    """Point detached links at the output page now showing their target, or drop them."""
    for index, source, links in pending:
        if not links:
            continue
        page = doc.pages[index].obj
        annots = page.Annots
        dead: set[int] = set()
        for i, (number, view) in links.items():
            target = None
            if number is not None:
                target = positions.get((source, number), positions.get((None, number)))
            if target is None:
                dead.add(i)
            else:
                annots[i].Dest = Array([doc.pages[target].obj, *view])
        kept = [a for i, a in enumerate(annots) if i not in dead]
        if not kept:
            del page[Name.Annots]
        elif dead:
            page.Annots = Array(kept)


def _dedupe_fonts(doc: pikepdf.Pdf) -> None:
    """Share identical fonts between pages (each OCR page brings its own copy).

    Looks in page resources and in Form XObjects (where some OCR renderers put the
    text layer).
    """
    seen: dict[bytes, pikepdf.Object] = {}
    memo: dict[tuple[int, int], bytes] = {}
    for fonts in _font_dicts(doc):
        for name in list(fonts.keys()):
            font = fonts[name]
            if not font.is_indirect:
                continue
            kept = seen.setdefault(_digest(font, memo, 0), font)
            if kept.objgen != font.objgen:
                fonts[name] = kept


def _font_dicts(doc: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every /Font resource dictionary of the pages and their forms, once each."""
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[pikepdf.Object, int]] = [(page.obj, 0) for page in doc.pages]
    while stack:
        holder, depth = stack.pop()
        if holder.is_indirect:
            if holder.objgen in visited:
                continue
            visited.add(holder.objgen)
        resources = holder.get(Name.Resources)
        if not isinstance(resources, Dictionary):
            continue
        fonts = resources.get(Name.Font)
        if isinstance(fonts, Dictionary):
            yield fonts
        xobjects = resources.get(Name.XObject)
        if isinstance(xobjects, Dictionary) and depth < _MAX_FORM_DEPTH:
            stack.extend(
                (x, depth + 1)
                for x in xobjects.values()
                if isinstance(x, pikepdf.Stream) and x.get(Name.Subtype) == Name.Form
            )


def _digest(obj: object, memo: dict[tuple[int, int], bytes], depth: int) -> bytes:
    """A content hash of an object graph (stream data compared as stored)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect and obj.objgen in memo:
        return memo[obj.objgen]
    hasher = hashlib.sha256()
    if depth > _MAX_DIGEST_DEPTH:
        hasher.update(repr(id(obj)).encode())  # too deep to compare: never equal
    elif isinstance(obj, pikepdf.Stream):
        hasher.update(b"S" + obj.read_raw_bytes())
        hasher.update(_digest_entries(obj.stream_dict, memo, depth, skip="/Length"))
    elif isinstance(obj, Dictionary):
        hasher.update(_digest_entries(obj, memo, depth))
    elif isinstance(obj, Array):
        for item in obj:
            hasher.update(b"A" + _digest(item, memo, depth + 1))
    elif isinstance(obj, pikepdf.Object):
        hasher.update(obj.unparse())
    else:
        hasher.update(repr(obj).encode())
    digest = hasher.digest()
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        memo[obj.objgen] = digest
    return digest


def _digest_entries(
    obj: Dictionary, memo: dict[tuple[int, int], bytes], depth: int, skip: str = ""
) -> bytes:
    names: list[str] = sorted(str(key) for key in obj.keys())  # noqa: SIM118 - pikepdf keys
    return b"D" + b"".join(
        name.encode() + _digest(obj[name], memo, depth + 1) for name in names if name != skip
    )


def _write_info(doc: pikepdf.Pdf, meta: DocumentMeta) -> None:
    """XMP and DocInfo with the same values (pikepdf mirrors XMP into DocInfo)."""
    now = dt.datetime.now(dt.UTC).astimezone().replace(microsecond=0).isoformat()
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
        xmp["dc:title"] = meta.title
        if meta.subject:
            xmp["dc:description"] = meta.subject
        if meta.keywords:
            xmp["dc:subject"] = list(meta.keywords)
            xmp["pdf:Keywords"] = ", ".join(meta.keywords)
        xmp["dc:language"] = [meta.language]
        if meta.author:
            xmp["dc:creator"] = [meta.author]
        xmp["xmp:CreatorTool"] = meta.creator
        xmp["pdf:Producer"] = PRODUCER
        xmp["xmp:CreateDate"] = now
        xmp["xmp:ModifyDate"] = now
        xmp["xmp:MetadataDate"] = now
    doc.Root.Lang = pikepdf.String(meta.language)


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (display class, ICC v4) generated by LittleCMS via Pillow."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _pdfa_blocker(doc: pikepdf.Pdf) -> str:
    """A known reason the document cannot be PDF/A, found before trying; "" if none."""
    fonts = unembedded_fonts(doc)
    if fonts:
        shown = ", ".join(fonts[:5]) + (" ..." if len(fonts) > 5 else "")
        return f"fonts are not embedded: {shown}"
    return ""


def _save_pdfa(doc: pikepdf.Pdf, out: Path, version: str) -> tuple[str, tuple[str, ...]]:
    """Declare PDF/A-2b, write, validate the written bytes.

    Returns ("" or why it is not PDF/A, what the preparation changed). pikepdf.pdfa
    writes to a temporary file and moves it into place only if it passes.
    """
    try:
        from pikepdf import pdfa as pikepdf_pdfa
    except ImportError as exc:  # pikepdf[pdfa] extras missing: we cannot check
        return f"the PDF/A validator is not installed: {exc}", ()
    prepared = pikepdf_pdfa.prepare(
        doc,
        PDFA_FLAVOUR,
        output_intent=srgb_profile(),
        output_condition_identifier=OUTPUT_CONDITION,
    )
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
        xmp["pdf:Producer"] = PRODUCER  # prepare() records pikepdf alone
    # Routine steps (output intent, declaration) are not worth telling staff about.
    changes = tuple(
        sentence for level, sentence in prepared.messages() if level in ("info", "warning")
    )
    try:
        pikepdf_pdfa.save(doc, out, PDFA_FLAVOUR, repair=False, min_version=_capped(version))
    except pikepdf_pdfa.PdfaError as exc:
        return "not valid PDF/A-2b: " + exc.report.summary(limit=5), changes
    return "", changes


def _withdraw_claim(doc: pikepdf.Pdf) -> None:
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
        for key in ("pdfaid:part", "pdfaid:conformance"):
            if key in xmp:
                del xmp[key]
        xmp["pdf:Producer"] = PRODUCER
    if Name.OutputIntents in doc.Root:
        del doc.Root[Name.OutputIntents]


def _save_plain(doc: pikepdf.Pdf, out: Path, version: str) -> None:
    """Write to a temporary file beside ``out``, flush it to disk, then rename."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        doc.save(
            tmp,
            min_version=version,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
        )
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (1, 4)


def _capped(version: str) -> str:
    key = min(_version_key(version), _MAX_PDF_VERSION)
    return ".".join(str(part) for part in key)


def read_pdfa_claim(path: Path) -> tuple[str, str] | None:
    """(part, conformance) the file's XMP claims, e.g. ("2", "B"); None without one."""
    with pikepdf.open(path) as pdf:
        return pdfa_claim(pdf)


def pdf_metadata(path: Path) -> dict[str, object]:
    """XMP, DocInfo, output intents and trailer facts of a PDF (for tests and checks)."""
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        xmp = {key: _xmp_value(meta[key]) for key in _XMP_KEYS if key in meta}
        intents = []
        for intent in pdf.Root.get(Name.OutputIntents, Array()):
            profile = intent.get(Name.DestOutputProfile)
            intents.append(
                {
                    "subtype": str(intent.get(Name.S, "")),
                    "identifier": str(intent.get(Name.OutputConditionIdentifier, "")),
                    "icc": profile.read_bytes() if isinstance(profile, pikepdf.Stream) else b"",
                    "icc_n": int(profile.get(Name.N, 0)) if profile is not None else 0,
                }
            )
        return {
            "xmp": xmp,
            "docinfo": {str(k)[1:]: str(v) for k, v in pdf.docinfo.items()},
            "output_intents": intents,
            "lang": str(pdf.Root.get(Name.Lang, "")),
            "trailer_id": [bytes(part) for part in pdf.trailer.get(Name.ID, Array())],
            "encrypted": pdf.is_encrypted,
            "page_count": len(pdf.pages),
            "pdf_version": str(pdf.pdf_version),
        }


def _xmp_value(value: object) -> object:
    if isinstance(value, set | frozenset):
        return sorted(str(v) for v in value)
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)
