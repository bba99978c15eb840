"""Small catalogues for search tests, built through the catalogue's services and models."""

from __future__ import annotations

import uuid
from typing import Any

from catalogue.models import Page, Publication, Softcopy
from catalogue.services.publications import publication_create
from search.sync import flush_outbox


def publication(title: str, **fields: Any) -> Publication:
    fields.setdefault("area_code", "1377")
    fields.setdefault("area_name", "Kota Pariaman")
    return publication_create(title=title, allow_duplicate=True, **fields)


def softcopy(
    owner: Publication | None, texts: list[str], *, access: str = "public", title: str = ""
) -> Softcopy:
    """A softcopy with one Page row per text (what a finished job records)."""
    created = Softcopy.objects.create(
        publication=owner,
        title=title or (owner.title if owner else "Tanpa publikasi"),
        file="softcopies/uji.pdf",
        origin=Softcopy.Origin.BORN_DIGITAL,
        page_count=len(texts),
        sha256=uuid.uuid4().hex,
        access_level=access,
    )
    Page.objects.bulk_create(
        [Page(softcopy=created, number=n, text=t) for n, t in enumerate(texts, start=1)]
    )
    return created


FILLER = [
    "Jumlah penduduk menurut kecamatan dan jenis kelamin di Kota Pariaman.",
    "Luas wilayah dan kepadatan penduduk per kilometer persegi.",
    "Banyaknya sekolah, guru dan murid menurut jenjang pendidikan.",
    "Fasilitas kesehatan: rumah sakit, puskesmas dan posyandu.",
    "Jumlah tenaga kerja menurut lapangan usaha utama.",
    "Curah hujan dan hari hujan menurut bulan.",
]


def pages_with(word_on_7: str) -> list[str]:
    texts = [f"Halaman {n}. {FILLER[n % len(FILLER)]}" for n in range(1, 11)]
    texts[6] = f"Halaman 7. Produksi padi sawah di Pariaman Tengah: {word_on_7} tercatat naik."
    return texts


def flush() -> int:
    return flush_outbox()
