"""The intake inbox screens: who may open them, the proposal with highlights, confirm."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from catalogue.models import Publication, Softcopy
from catalogue.services.publications import publication_create
from scanning.models import ScanBatch, Station
from tests.intake_support import TITLE, waiting_softcopy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }


def member(name: str, *codenames: str) -> User:
    user = User.objects.create_user(name, is_staff=True)  # no password: signed in by force
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames)
    )
    return user


@pytest.fixture
def cataloguer(client: Client) -> Client:
    client.force_login(member("pustakawan", "change_publication", "add_publication"))
    return client


def test_inbox_needs_the_catalogue_permission_not_just_staff(client: Client) -> None:
    waiting_softcopy()
    assert client.get("/staf/kotak-masuk/").status_code == 302  # sign in first
    client.force_login(member("petugas", "view_publication"))  # staff, but not a cataloguer
    assert client.get("/staf/kotak-masuk/").status_code == 403


def test_inbox_lists_waiting_softcopies_with_source_and_job(cataloguer: Client) -> None:
    softcopy = waiting_softcopy()
    page = cataloguer.get("/staf/kotak-masuk/").content.decode()
    assert f'data-softcopy-id="{softcopy.pk}"' in page
    assert "Pindaian tanpa judul" in page
    assert "Baris perintah" in page
    assert f"/staf/kotak-masuk/{softcopy.pk}/" in page
    english = cataloguer.get("/en/staf/kotak-masuk/").content.decode()
    assert "Review proposal" in english


def test_a_scanner_batch_shows_its_station(cataloguer: Client) -> None:
    softcopy = waiting_softcopy()
    station = Station.objects.create(name="PST-Scanner-2", token_hash="a" * 64)
    ScanBatch.objects.create(
        station=station,
        client_batch_id="b1",
        job_id=softcopy.job_id,
        title="t",
        source="adf",
        resolution=300,
    )
    page = cataloguer.get("/staf/kotak-masuk/").content.decode()
    assert "PST-Scanner-2" in page


def test_proposal_shows_values_confidence_and_highlight_boxes(cataloguer: Client) -> None:
    softcopy = waiting_softcopy()
    response = cataloguer.get(f"/staf/kotak-masuk/{softcopy.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{TITLE}"' in page
    assert 'value="1102001.1377"' in page
    assert 'value="2085-7667"' in page
    assert 'value="9786022213772"' in page
    assert page.count('class="hl hl-catalogue_number"') == 1
    assert page.count('class="hl hl-title"') == 5
    assert f'href="/staf/kotak-masuk/{softcopy.pk}/halaman/3/"' in page
    assert re.search(r'<input[^>]*value="new"[^>]*checked', page)  # no match: a new record


def test_page_image_is_drawn_from_the_softcopy(cataloguer: Client) -> None:
    softcopy = waiting_softcopy()
    response = cataloguer.get(f"/staf/kotak-masuk/{softcopy.pk}/halaman/3/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8"
    assert cataloguer.get(f"/staf/kotak-masuk/{softcopy.pk}/halaman/9/").status_code == 404


def _form(softcopy: Softcopy, client: Client, **changes: str) -> dict[str, str]:
    page = client.get(f"/staf/kotak-masuk/{softcopy.pk}/")
    form = page.context["form"]
    data = {name: str(form.initial.get(name) or "") for name in form.fields}
    data = {k: v for k, v in data.items() if not k.startswith("reject_")}
    return {**data, **changes}


def test_confirm_with_a_corrected_field_makes_the_record(cataloguer: Client) -> None:
    softcopy = waiting_softcopy()
    data = _form(softcopy, cataloguer, title="Kota Pariaman Dalam Angka 2022 (Revisi)")
    data["reject_isbn"] = "on"
    response = cataloguer.post(f"/staf/kotak-masuk/{softcopy.pk}/", data)
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/publikasi/{publication.pk}/"
    assert publication.title == "Kota Pariaman Dalam Angka 2022 (Revisi)"
    assert (publication.catalogue_number, publication.year, publication.isbn) == (
        "1102001.1377",
        2022,
        "",
    )
    assert Softcopy.objects.get(pk=softcopy.pk).publication_id == publication.pk
    detail = cataloguer.get(response["Location"]).content.decode()
    assert "(Revisi)" in detail
    again = cataloguer.get(f"/staf/kotak-masuk/{softcopy.pk}/")
    assert again.status_code == 302  # catalogued: the record opens instead


def test_a_match_is_proposed_and_confirming_attaches_without_a_new_record(
    cataloguer: Client,
) -> None:
    record = publication_create(title="KPDA", catalogue_number="1102001.1377", year=2022)
    softcopy = waiting_softcopy()
    page = cataloguer.get(f"/staf/kotak-masuk/{softcopy.pk}/").content.decode()
    assert f'data-publication-id="{record.pk}"' in page
    data = _form(softcopy, cataloguer)
    assert data["target"] == str(record.pk)
    response = cataloguer.post(f"/staf/kotak-masuk/{softcopy.pk}/", data)
    assert response["Location"] == f"/publikasi/{record.pk}/"
    assert Publication.objects.count() == 1
    assert Softcopy.objects.get(pk=softcopy.pk).publication_id == record.pk
    # Choosing "new" anyway is refused by the catalogue's duplicate rules.
    other = waiting_softcopy(title="lagi")
    Softcopy.objects.filter(pk=other.pk).update(sha256="f" * 64)
    refused = cataloguer.post(f"/staf/kotak-masuk/{other.pk}/", {**data, "target": "new"})
    assert refused.status_code == 400
    assert Publication.objects.count() == 1


def test_making_a_new_record_needs_the_add_permission(client: Client) -> None:
    client.force_login(member("penyunting", "change_publication"))
    softcopy = waiting_softcopy()
    data = _form(softcopy, client)
    assert client.post(f"/staf/kotak-masuk/{softcopy.pk}/", data).status_code == 403
    assert not Publication.objects.exists()


def test_the_offered_match_stays_a_choice_after_its_values_are_corrected(
    cataloguer: Client,
) -> None:
    record = publication_create(title="KPDA", catalogue_number="1102001.1377", year=2022)
    softcopy = waiting_softcopy()
    data = _form(softcopy, cataloguer)  # proposes attaching to the record
    for name in ("catalogue_number", "publication_number", "issn", "title"):
        data[name] = ""  # corrected away: nothing matches the posted values any more
    response = cataloguer.post(f"/staf/kotak-masuk/{softcopy.pk}/", data)
    assert response["Location"] == f"/publikasi/{record.pk}/"
