"""Detect digitally signed PDFs, which the pipeline must never rewrite.

Rewriting a signed PDF (even losslessly) invalidates its signatures, so triage records
what it finds and the runner keeps such a document as it is. Only the structure is read
(AcroForm fields, catalog /Perms); signatures are not verified.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf
from pikepdf import Name

# AcroForm /SigFlags bits (ISO 32000-1, table 219).
SIGNATURES_EXIST = 1
APPEND_ONLY = 2
_MAX_FIELD_DEPTH = 32


@dataclass(frozen=True)
class SignatureInfo:
    """What the document says about signatures; JSON-friendly via ``as_dict()``."""

    sig_flags: int = 0
    signature_fields: int = 0  # /FT /Sig fields, signed or not
    signed_fields: int = 0  # /Sig fields whose /V holds a signature
    docmdp: bool = False  # certification signature in the catalog's /Perms
    usage_rights: bool = False  # /Perms /UR3 (Adobe Reader extensions)

    @property
    def signed(self) -> bool:
        """True when rewriting the file would break (or violate) a signature.

        An empty signature field alone (a form awaiting a signature) does not count.
        """
        return bool(
            self.sig_flags & (SIGNATURES_EXIST | APPEND_ONLY) or self.signed_fields or self.docmdp
        )

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "signed": self.signed}


def signature_info(pdf: pikepdf.Pdf) -> SignatureInfo:
    """Read the signature facts of an open document (cheap: no page is parsed)."""
    root = pdf.Root
    acroform = root.get(Name.AcroForm)
    sig_flags = 0
    fields: list[pikepdf.Dictionary] = []
    if isinstance(acroform, pikepdf.Dictionary):
        try:
            sig_flags = int(acroform.get(Name.SigFlags, 0))
        except (TypeError, ValueError):
            sig_flags = 0  # a malformed value says nothing either way
        top = acroform.get(Name.Fields)
        if isinstance(top, pikepdf.Array):
            fields = list(_signature_fields(top))
    perms = root.get(Name.Perms)
    if not isinstance(perms, pikepdf.Dictionary):
        perms = pikepdf.Dictionary()
    return SignatureInfo(
        sig_flags=sig_flags,
        signature_fields=len(fields),
        signed_fields=sum(1 for field in fields if _has_signature_value(field)),
        docmdp=Name.DocMDP in perms,
        usage_rights=Name.UR3 in perms,
    )


def is_signed(path: Path) -> bool:
    """True when the PDF at ``path`` carries a digital signature (see ``SignatureInfo``)."""
    with pikepdf.open(path) as pdf:
        return signature_info(pdf).signed


def _signature_fields(
    fields: pikepdf.Array, inherited_ft: object = None, depth: int = 0
) -> Iterator[pikepdf.Dictionary]:
    """Yield the terminal fields of type /Sig, following /Kids (cycle- and depth-safe)."""
    seen: set[tuple[int, int]] = set()
    stack = [(field, inherited_ft, depth) for field in fields]
    while stack:
        field, parent_ft, level = stack.pop()
        if not isinstance(field, pikepdf.Dictionary) or level > _MAX_FIELD_DEPTH:
            continue
        if field.is_indirect:
            if field.objgen in seen:
                continue
            seen.add(field.objgen)
        field_type = field.get(Name.FT, parent_ft)
        kids = field.get(Name.Kids)
        if not isinstance(kids, pikepdf.Array):
            kids = pikepdf.Array()
        # /Kids holding fields (with /T) make a parent; widgets alone do not.
        if any(isinstance(kid, pikepdf.Dictionary) and Name.T in kid for kid in kids):
            stack.extend((kid, field_type, level + 1) for kid in kids)
        elif field_type == Name.Sig:
            yield field


def _has_signature_value(field: pikepdf.Dictionary) -> bool:
    value = field.get(Name.V)
    return isinstance(value, pikepdf.Dictionary) and (
        Name.Contents in value or value.get(Name.Type) == Name.Sig
    )
