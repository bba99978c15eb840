"""Publication services and selectors: create, update, duplicates, soft delete, covers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalogue.errors import (
    DuplicatePublicationError,
    InvalidCatalogueNumberError,
    InvalidFieldError,
    InvalidIsbnError,
    InvalidIssnError,
    PublicationDeletedError,
)
from catalogue.models import (
    Contributor,
    Publication,
    PublicationContributor,
    Softcopy,
    Subject,
)
from catalogue.models.publications import DEFAULT_PUBLISHER
from catalogue.selectors.publications import (
    publication_credits,
    publication_duplicates,
    publication_get,
    publication_list,
)
from catalogue.services.publications import (
    ContributorSpec,
    publication_attach_softcopy,
    publication_bulk_set_visibility,
    publication_create,
    publication_delete,
    publication_restore,
    publication_update,
)

pytestmark = pytest.mark.django_db

KPDA = "Kota Pariaman Dalam Angka"


def _png(name: str = "sampul.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _softcopy(sha: str, publication: Publication | None = None) -> Softcopy:
    return Softcopy.objects.create(
        publication=publication,
        title="berkas",
        file=f"softcopies/{sha}.pdf",
        origin=Softcopy.Origin.SCANNED,
        sha256=sha * 64,
    )


def test_create_with_every_field_normalises_and_links() -> None:
    publication = publication_create(
        title=f" {KPDA} 2024 ",
        subtitle="Pariaman Municipality in Figures 2024",
        catalogue_number="1102001.1377",
        publication_number="13770.2401",
        issn_print="0317 8471",
        issn_electronic="2090-424x",
        isbn="978-0-306-40615-7",
        release_date=dt.date(2024, 2, 28),
        scheduled_date=dt.date(2024, 2, 28),
        year=2024,
        period="",
        frequency="Tahunan",
        area_code="1377",
        area_name="Kota Pariaman",
        subjects=["Statistik Daerah", "Kependudukan", "statistik daerah"],
        language="IND,eng",
        abstract="Publikasi tahunan.",
        contributors=[
            ContributorSpec("BPS Kota Pariaman", "aut", "organisation"),
            ContributorSpec("Rina Putri", "edt"),
            ("Andi", "Pengolah data"),
        ],
        edition="Edisi pertama",
        pages="xxx + 250 hlm.",
        notes="Terbit bilingual.",
        cover=_png(),
        visibility="public",
    )
    publication.refresh_from_db()
    assert publication.title == f"{KPDA} 2024"
    assert publication.issn_print == "0317-8471"
    assert publication.issn_electronic == "2090-424X"
    assert publication.isbn == "9780306406157"
    assert publication.frequency == Publication.Frequency.ANNUAL
    assert publication.language == "ind,eng"
    assert publication.publisher == DEFAULT_PUBLISHER
    assert publication.subject == "Kependudukan, Statistik Daerah"
    assert Subject.objects.count() == 2
    credits = publication_credits(publication=publication)
    assert [(c.contributor.name, c.role, c.contributor.kind) for c in credits] == [
        ("BPS Kota Pariaman", "aut", "organisation"),
        ("Rina Putri", "edt", "person"),
        ("Andi", "dtc", "person"),
    ]
    assert publication.cover.name.startswith("covers/")
    assert default_storage.exists(publication.cover.name)
    assert publication.deleted_at is None


def test_subjects_and_contributors_are_shared_between_records() -> None:
    first = publication_create(
        title="A", subjects=["Ekonomi"], contributors=[ContributorSpec("BPS Kota Pariaman")]
    )
    second = publication_create(
        title="B",
        subjects=["EKONOMI", "Sosial"],
        contributors=[ContributorSpec("bps kota pariaman", "com", "organisation")],
    )
    assert Subject.objects.count() == 2
    assert Contributor.objects.count() == 1
    assert set(first.subjects.all()) < set(second.subjects.all())
    # a known contributor keeps the kind it was first recorded with
    assert Contributor.objects.get().kind == Contributor.Kind.PERSON


def test_invalid_values_are_refused_and_nothing_is_written() -> None:
    with pytest.raises(InvalidIssnError) as caught:
        publication_create(title="x", issn_print="0317-8472")
    assert caught.value.field == "issn_print"
    with pytest.raises(InvalidIsbnError):
        publication_create(title="x", isbn="978-0-306-40615-8")
    with pytest.raises(InvalidCatalogueNumberError):
        publication_create(title="x", catalogue_number="1102001/1377")
    with pytest.raises(InvalidFieldError) as caught:
        publication_create(title="   ")
    assert caught.value.reason == "required"
    with pytest.raises(InvalidFieldError):
        publication_create(title="x", visibility="secret")
    assert Publication.objects.count() == 0
    assert Subject.objects.count() == 0


def test_a_cover_must_be_an_image_or_a_stored_file() -> None:
    with pytest.raises(InvalidFieldError) as caught:
        publication_create(title="x", cover=SimpleUploadedFile("a.png", b"not an image"))
    assert caught.value.reason == "image"
    with pytest.raises(InvalidFieldError) as caught:
        publication_create(title="x", cover="covers/missing.png")
    assert caught.value.reason == "missing_file"
    with pytest.raises(InvalidFieldError):
        publication_create(title="x", cover="../../etc/passwd")
    stored = default_storage.save("covers/2024/kpda.png", ContentFile(_png().read()))
    assert publication_create(title="x", cover=stored).cover.name == stored


def test_update_changes_only_what_is_given() -> None:
    publication = publication_create(
        title=KPDA, year=2023, subjects=["Ekonomi"], contributors=[ContributorSpec("Ani")]
    )
    before = publication.modified_at
    publication_update(publication=publication, subtitle="Edisi revisi", issn_print="03785955")
    publication.refresh_from_db()
    assert (publication.title, publication.year) == (KPDA, 2023)
    assert publication.subtitle == "Edisi revisi"
    assert publication.issn_print == "0378-5955"
    assert publication.subject == "Ekonomi"
    assert publication.modified_at > before
    publication_update(
        publication=publication,
        subjects=["Sosial"],
        contributors=[ContributorSpec("Budi", "edt"), ContributorSpec("Ani", "aut")],
    )
    assert publication.subject == "Sosial"
    assert [str(credit) for credit in publication_credits(publication=publication)] == [
        "Budi (Penyunting)",
        "Ani (Penulis)",
    ]
    assert PublicationContributor.objects.count() == 2
    with pytest.raises(InvalidIssnError):
        publication_update(publication=publication, issn_print="1234-5678")
    publication.refresh_from_db()
    assert publication.issn_print == "0378-5955"


def test_the_subject_property_feeds_pdf_keywords() -> None:
    """workers/digitise.py splits ``publication.subject`` on commas for the PDF keywords."""
    publication = publication_create(title="x", subjects=["Pertanian", "Ekonomi"])
    keywords = [k.strip() for k in publication.subject.split(",")]
    assert keywords == ["Ekonomi", "Pertanian"]
    assert publication_create(title="y").subject == ""


# --- duplicates ---------------------------------------------------------------------


def test_same_catalogue_number_and_period_is_a_duplicate_another_year_is_not() -> None:
    first = publication_create(title=f"{KPDA} 2023", catalogue_number="1102001.1377", year=2023)
    # every year's edition of a series carries the same catalogue number
    publication_create(title=f"{KPDA} 2024", catalogue_number="1102001.1377", year=2024)
    with pytest.raises(DuplicatePublicationError) as caught:
        publication_create(title="Salinan", catalogue_number="1102001.1377", year=2023)
    error = caught.value
    assert error.http_status == 409
    assert [(d.kind, d.publication_id) for d in error.duplicates] == [
        ("catalogue_number", first.pk)
    ]
    assert "1102001.1377" in error.detail
    assert f"#{first.pk}" in error.detail
    assert error.user_message()["id"] == "Publikasi ini tampaknya sudah ada di katalog."


def test_same_publication_number_is_a_duplicate() -> None:
    first = publication_create(title="A", publication_number="03200.2322", year=2023)
    with pytest.raises(DuplicatePublicationError) as caught:
        publication_create(title="B", publication_number="03200.2322", year=2024)
    assert [(d.kind, d.publication_id, d.value) for d in caught.value.duplicates] == [
        ("publication_number", first.pk, "03200.2322")
    ]


def test_same_issn_either_kind_and_same_period_is_a_duplicate() -> None:
    first = publication_create(
        title="Indikator Ekonomi Triwulan I",
        issn_print="0317-8471",
        issn_electronic="2090-424X",
        year=2024,
        period="Triwulan I",
    )
    publication_create(
        title="Indikator Ekonomi Triwulan II",
        issn_print="0317-8471",
        year=2024,
        period="Triwulan II",
    )
    with pytest.raises(DuplicatePublicationError) as caught:
        # the new record's print ISSN is the first one's electronic ISSN
        publication_create(title="x", issn_print="2090424X", year=2024, period="Triwulan I")
    assert [(d.kind, d.publication_id, d.value) for d in caught.value.duplicates] == [
        ("issn", first.pk, "2090-424X")
    ]
    with pytest.raises(DuplicatePublicationError):
        publication_create(title="x", issn_electronic="0317-8471", year=2024, period="Triwulan I")


def test_same_softcopy_file_is_a_duplicate() -> None:
    first = publication_create(title="A")
    second = publication_create(title="B")
    _softcopy("a", first)
    again = _softcopy("a")
    with pytest.raises(DuplicatePublicationError) as caught:
        publication_attach_softcopy(publication=second, softcopy=again)
    assert [(d.kind, d.publication_id) for d in caught.value.duplicates] == [
        ("file_hash", first.pk)
    ]
    again.refresh_from_db()
    assert again.publication_id is None
    other = _softcopy("b")
    publication_attach_softcopy(publication=second, softcopy=other)
    assert list(second.softcopies.all()) == [other]
    found = publication_duplicates(sha256=["a" * 64, "b" * 64])
    assert {(d.kind, d.publication_id) for d in found} == {
        ("file_hash", first.pk),
        ("file_hash", second.pk),
    }


def test_every_kind_is_reported_at_once_and_allow_duplicate_overrides() -> None:
    first = publication_create(
        title="A",
        catalogue_number="1102001.1377",
        publication_number="13770.2401",
        issn_print="0317-8471",
        year=2024,
    )
    _softcopy("c", first)
    found = publication_duplicates(
        catalogue_number="1102001.1377",
        publication_number="13770.2401",
        issn_electronic="0317-8471",
        year=2024,
        sha256=["c" * 64],
    )
    assert [d.kind for d in found] == [
        "catalogue_number",
        "publication_number",
        "issn",
        "file_hash",
    ]
    assert (
        publication_duplicates(catalogue_number="1102001.1377", year=2024, exclude_id=first.pk)
        == []
    )
    copy = publication_create(
        title="A (eksemplar hibah)",
        catalogue_number="1102001.1377",
        year=2024,
        allow_duplicate=True,
    )
    assert copy.pk != first.pk


def test_update_checks_duplicates_only_when_identity_changes() -> None:
    first = publication_create(title="A", catalogue_number="1102001.1377", year=2023)
    second = publication_create(title="B", catalogue_number="1102001.1377", year=2024)
    with pytest.raises(DuplicatePublicationError):
        publication_update(publication=second, year=2023)
    second.refresh_from_db()
    assert second.year == 2024
    publication_update(publication=second, year=2023, allow_duplicate=True)
    # an accepted duplicate does not block later edits of other fields
    publication_update(publication=second, abstract="Ringkasan baru.")
    publication_update(publication=first, notes="Catatan.")
    assert Publication.objects.filter(year=2023).count() == 2


# --- soft delete --------------------------------------------------------------------


def test_delete_keeps_the_record_but_hides_it() -> None:
    publication = publication_create(title="A", catalogue_number="1102001.1377", year=2024)
    modified = publication.modified_at
    publication_delete(publication=publication)
    publication.refresh_from_db()
    assert publication.is_deleted
    assert publication.modified_at > modified  # harvesters see the deletion as a change
    first_moment = publication.deleted_at
    publication_delete(publication=publication)
    publication.refresh_from_db()
    assert publication.deleted_at == first_moment
    assert Publication.objects.filter(pk=publication.pk).exists()
    assert list(publication_list()) == []
    assert list(publication_list(include_deleted=True)) == [publication]
    with pytest.raises(Publication.DoesNotExist):
        publication_get(publication_id=publication.pk)
    assert publication_get(publication_id=publication.pk, include_deleted=True) == publication
    with pytest.raises(PublicationDeletedError):
        publication_update(publication=publication, title="B")
    # a deleted record is no duplicate: the same edition can be catalogued again
    again = publication_create(title="A", catalogue_number="1102001.1377", year=2024)
    with pytest.raises(DuplicatePublicationError):
        publication_restore(publication=publication)
    publication_delete(publication=again)
    publication_restore(publication=publication)
    publication.refresh_from_db()
    assert publication.deleted_at is None


def test_bulk_visibility_moves_modified_at() -> None:
    records = [publication_create(title=f"P{n}") for n in range(3)]
    before = {p.pk: p.modified_at for p in records}
    changed = publication_bulk_set_visibility(
        publication_ids=[p.pk for p in records[:2]], visibility="Tersembunyi"
    )
    assert changed == 2
    hidden = Publication.objects.filter(visibility=Publication.Visibility.HIDDEN)
    assert sorted(hidden.values_list("pk", flat=True)) == [records[0].pk, records[1].pk]
    for publication in hidden:
        assert publication.modified_at > before[publication.pk]
    again = publication_bulk_set_visibility(
        publication_ids=[p.pk for p in records], visibility="hidden"
    )
    assert again == 1
    with pytest.raises(InvalidFieldError):
        publication_bulk_set_visibility(publication_ids=[records[0].pk], visibility="secret")
