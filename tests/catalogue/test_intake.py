"""The intake inbox's reads and writes: match before create, attach, confirm, auto-accept.

Each match rule is tested on its own: a softcopy whose pages name a publication already
in the catalogue is proposed as attach-to-existing, never as a new record.
"""

from __future__ import annotations

import hashlib

import pytest

from catalogue.errors import DuplicatePublicationError
from catalogue.models import DigitisationJob, Page, Publication, Softcopy
from catalogue.selectors.intake import (
    NotInInboxError,
    inbox_get,
    inbox_list,
    publication_matches,
    softcopy_proposal,
)
from catalogue.services.intake import (
    softcopy_attach,
    softcopy_auto_accept,
    softcopy_catalogue,
)
from catalogue.services.publications import publication_create
from portal.intake.forms import NEW, initial_for

pytestmark = pytest.mark.django_db

IMPRINT = """Kota Pariaman Dalam Angka 2024
Pariaman Municipality in Figures 2024
ISSN: 2085-7667
Nomor Publikasi/Publication Number: 13770.2401
Katalog/Catalog: 1102001.1377
Ukuran Buku/Book Size: 17,6 cm x 25 cm
Diterbitkan oleh/Published by: BPS Kota Pariaman"""


def waiting(title: str = "Uji", texts: tuple[str, ...] = ("Sampul", IMPRINT)) -> Softcopy:
    """A finished softcopy without a publication, with its page texts."""
    job = DigitisationJob.objects.create(title=title, source=DigitisationJob.Source.CLI)
    softcopy = Softcopy.objects.create(
        title=title,
        file="softcopies/uji.pdf",
        origin=Softcopy.Origin.SCANNED,
        page_count=len(texts),
        sha256=hashlib.sha256(f"{title}{texts}".encode()).hexdigest(),
        job=job,
    )
    Page.objects.bulk_create(
        Page(softcopy=softcopy, number=n, text=t) for n, t in enumerate(texts, start=1)
    )
    return softcopy


def existing(**fields: object) -> Publication:
    fields.setdefault("year", 2024)
    return publication_create(title=str(fields.pop("title", "Buku Lama")), **fields)  # type: ignore[arg-type]


VALUES = {
    "title": "Kota Pariaman Dalam Angka 2024",
    "year": "2024",
    "period": "",
    "catalogue_number": "1102001.1377",
    "publication_number": "13770.2401",
    "issn": "2085-7667",
}


@pytest.mark.parametrize(
    ("rule", "fields", "values"),
    [
        ("catalogue_number", {"catalogue_number": "1102001.1377"}, {**VALUES, "title": "Lain"}),
        ("issn", {"issn_print": "2085-7667"}, {**VALUES, "title": "Lain", "catalogue_number": ""}),
        (
            "publication_number",
            {"publication_number": "13770.2401", "year": 2023},
            {**VALUES, "title": "Lain", "catalogue_number": "", "issn": ""},
        ),
        (
            "title",
            {"title": "Kota Pariaman dalam Angka 2024"},
            {"title": "KOTA PARIAMAN DALAM ANGKA 2024.", "year": "2024"},
        ),
    ],
)
def test_each_match_rule_proposes_attaching_to_the_existing_record(
    rule: str, fields: dict[str, object], values: dict[str, str]
) -> None:
    record = existing(**fields)
    existing(title="Statistik Daerah Kota Pariaman 2024", catalogue_number="1101002.1377")
    matches = publication_matches(values=values)
    assert [(m.publication.pk, rule in m.rules) for m in matches] == [(record.pk, True)]
    proposal = softcopy_proposal(softcopy=waiting())
    initial = initial_for(proposal, matches)
    assert initial["target"] == str(record.pk) != NEW


def test_no_match_for_another_year_or_a_different_title() -> None:
    existing(catalogue_number="1102001.1377", year=2023, title="Kota Pariaman Dalam Angka 2023")
    existing(title="Statistik Daerah Kota Pariaman 2024")
    assert publication_matches(values={**VALUES, "issn": "", "publication_number": ""}) == []
    assert initial_for(softcopy_proposal(softcopy=waiting()), [])["target"] == NEW


def test_confirming_as_new_when_the_catalogue_has_it_is_refused() -> None:
    existing(catalogue_number="1102001.1377")
    softcopy = waiting()
    with pytest.raises(DuplicatePublicationError):
        softcopy_catalogue(softcopy=softcopy, values=VALUES)
    assert Publication.objects.count() == 1
    assert Softcopy.objects.get(pk=softcopy.pk).publication_id is None


def test_attach_makes_the_first_softcopy_or_the_next_version() -> None:
    record = existing(catalogue_number="1102001.1377")
    first, second = waiting("a"), waiting("b")
    softcopy_attach(softcopy=first, publication=record)
    softcopy_attach(softcopy=second, publication=record)
    versions = dict(record.softcopies.values_list("pk", "version"))
    assert versions == {first.pk: 1, second.pk: 2}
    assert DigitisationJob.objects.get(pk=second.job_id).publication_id == record.pk
    with pytest.raises(NotInInboxError):
        softcopy_attach(softcopy=second, publication=record)
    assert [item.softcopy.pk for item in inbox_list()] == []


def test_a_signed_original_joins_with_its_searchable_copy() -> None:
    record = existing()
    original = waiting("asli")
    copy = waiting("salinan")
    Softcopy.objects.filter(pk=copy.pk).update(derived_from=original)
    assert [item.softcopy.pk for item in inbox_list()] == [copy.pk]  # one row for the pair
    softcopy_attach(softcopy=Softcopy.objects.get(pk=copy.pk), publication=record)
    assert dict(record.softcopies.values_list("pk", "version")) == {original.pk: 1, copy.pk: 2}


def test_confirming_a_new_record_uses_the_corrected_values() -> None:
    softcopy = waiting()
    values = {**softcopy_proposal(softcopy=softcopy).as_values(), "title": "Judul Diperbaiki"}
    values["subjects"] = "Statistik Umum; Kependudukan"
    publication = softcopy_catalogue(softcopy=softcopy, values=values)
    assert publication.title == "Judul Diperbaiki"
    assert (publication.catalogue_number, publication.issn_print) == ("1102001.1377", "2085-7667")
    assert publication.subtitle == "Pariaman Municipality in Figures 2024"
    assert (publication.year, publication.kind, publication.area_code) == (
        2024,
        "in_figures",
        "1377",
    )
    assert sorted(publication.subjects.values_list("name", flat=True)) == [
        "Kependudukan",
        "Statistik Umum",
    ]
    assert Softcopy.objects.get(pk=softcopy.pk).publication_id == publication.pk
    with pytest.raises(NotInInboxError):
        inbox_get(softcopy_id=softcopy.pk)


def test_a_job_that_knows_its_publication_skips_the_inbox(
    sent_tasks, django_capture_on_commit_callbacks
) -> None:
    from catalogue.services.softcopies import SoftcopyFile, job_complete

    record = existing()
    job = DigitisationJob.objects.create(
        title="t", publication=record, state=DigitisationJob.JobState.ASSEMBLING
    )
    spec = SoftcopyFile("softcopies/x.pdf", "e" * 64, 10, 0, "scanned", pdfa=True)
    with django_capture_on_commit_callbacks(execute=True):
        softcopy = job_complete(job_id=job.pk, searchable=spec)
    assert softcopy is not None
    assert softcopy.publication_id == record.pk
    assert inbox_list() == []
    assert "pustaka.intake.auto_accept" not in sent_tasks.names()


def test_auto_accept_is_enqueued_only_when_turned_on(
    sent_tasks, settings, django_capture_on_commit_callbacks
) -> None:
    from catalogue.services.softcopies import SoftcopyFile, job_complete

    spec = SoftcopyFile("softcopies/x.pdf", "e" * 64, 10, 0, "scanned", pdfa=True)
    for turned_on in (False, True):
        settings.INTAKE_AUTO_ACCEPT = turned_on
        job = DigitisationJob.objects.create(title="t", state=DigitisationJob.JobState.ASSEMBLING)
        with django_capture_on_commit_callbacks(execute=True):
            softcopy = job_complete(job_id=job.pk, searchable=spec)
        assert softcopy is not None
    assert sent_tasks.of("pustaka.intake.auto_accept") == [[softcopy.pk]]


def test_auto_accept_is_off_by_default(settings) -> None:
    record = existing(catalogue_number="1102001.1377")
    softcopy = waiting()
    assert softcopy_auto_accept(softcopy_id=softcopy.pk) is None
    settings.INTAKE_AUTO_ACCEPT = True
    assert softcopy_auto_accept(softcopy_id=softcopy.pk) == record
    assert Softcopy.objects.get(pk=softcopy.pk).publication_id == record.pk
    assert softcopy_auto_accept(softcopy_id=softcopy.pk) is None  # idempotent


def test_auto_accept_takes_only_a_unique_exact_catalogue_number_and_year(settings) -> None:
    settings.INTAKE_AUTO_ACCEPT = True
    existing(title="Lain", publication_number="13770.2401", year=2020)  # points elsewhere too
    existing(catalogue_number="1102001.1377")
    assert softcopy_auto_accept(softcopy_id=waiting().pk) is None
    only_title = waiting("t", ("Kota Pariaman Dalam Angka 2024\nNaskah: BPS\nUkuran Buku: 17",))
    assert softcopy_auto_accept(softcopy_id=only_title.pk) is None  # no catalogue number
