"""The staff admin: filters, validation, duplicates, bulk actions and soft delete."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from catalogue.models import Holding, Publication, Softcopy
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create, publication_delete

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:catalogue_publication_changelist"


def _listed(client, **params: str) -> list[str]:
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return sorted(p.title for p in response.context["cl"].result_list)


def _form(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Kota Pariaman Dalam Angka 2024",
        "kind": "in_figures",
        "language": "ind",
        "publisher": "BPS Kota Pariaman",
        "visibility": "public",
    }
    for prefix in ("credits", "holdings", "softcopies"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | fields


@pytest.fixture
def catalogue() -> dict[str, Publication]:
    cover = default_storage.save("covers/a.png", ContentFile(b"png"))
    a = publication_create(title="A", year=2024, subjects=["Ekonomi"], cover=cover)
    b = publication_create(title="B", year=2023, subjects=["Sosial"])
    c = publication_create(title="C", year=2023)
    holding_create(publication=a, barcode="H-1", status="missing")
    holding_create(publication=b, barcode="H-2")
    Softcopy.objects.create(publication=b, title="B", file="b.pdf", origin="scanned", sha256="b")
    publication_delete(publication=c)
    return {"a": a, "b": b, "c": c}


def test_changelist_filters(admin_client, catalogue) -> None:
    assert _listed(admin_client) == ["A", "B"]  # deleted records hidden by default
    assert _listed(admin_client, dihapus="ya") == ["C"]
    assert _listed(admin_client, dihapus="semua") == ["A", "B", "C"]
    assert _listed(admin_client, year="2023") == ["B"]
    ekonomi = catalogue["a"].subjects.get()
    assert _listed(admin_client, subjects__id__exact=str(ekonomi.pk)) == ["A"]
    assert _listed(admin_client, status_eksemplar="missing") == ["A"]
    assert _listed(admin_client, ada_salinan="ya") == ["B"]
    assert _listed(admin_client, ada_salinan="tidak") == ["A"]
    assert _listed(admin_client, q="H-2") == ["B"]
    page = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert '<img src="' in page
    assert f"/publikasi/{catalogue['a'].pk}/sampul" in page  # the resized cover


def test_change_forms_render(admin_client, catalogue) -> None:
    for name in ("publication", "holding", "subject", "contributor", "accesslog", "softcopy"):
        assert admin_client.get(reverse(f"admin:catalogue_{name}_changelist")).status_code == 200
    url = reverse("admin:catalogue_publication_change", args=[catalogue["a"].pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:catalogue_publication_add")).status_code == 200


def test_add_form_checks_identifiers_and_duplicates(admin_client, catalogue) -> None:
    url = reverse("admin:catalogue_publication_add")
    response = admin_client.post(url, _form(issn_print="0317-8472", isbn="12345"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["issn_print"] == ["Angka pemeriksa ISSN salah."]
    assert errors["isbn"] == ["ISBN harus terdiri atas 10 atau 13 angka."]
    response = admin_client.post(url, _form(catalogue_number="1102001.1377", year="2024"))
    assert response.status_code == 302
    created = Publication.objects.get(catalogue_number="1102001.1377")
    response = admin_client.post(url, _form(catalogue_number="1102001.1377", year="2024"))
    assert response.status_code == 200
    assert "sudah ada di katalog" in str(response.context["adminform"].form.non_field_errors())
    assert f"#{created.pk}" in str(response.context["adminform"].form.non_field_errors())
    forced = _form(catalogue_number="1102001.1377", year="2024", allow_duplicate="on")
    assert admin_client.post(url, forced).status_code == 302
    assert Publication.objects.filter(catalogue_number="1102001.1377").count() == 2


def test_add_form_normalises_issn(admin_client) -> None:
    url = reverse("admin:catalogue_publication_add")
    assert admin_client.post(url, _form(issn_print="0317 8471")).status_code == 302
    assert Publication.objects.get().issn_print == "0317-8471"


def test_bulk_visibility_and_soft_delete(admin_client, catalogue) -> None:
    ids = [str(catalogue["a"].pk), str(catalogue["b"].pk)]
    admin_client.post(reverse(CHANGELIST), {"action": "make_hidden", "_selected_action": ids})
    assert set(Publication.objects.live().values_list("visibility", flat=True)) == {"hidden"}
    admin_client.post(reverse(CHANGELIST), {"action": "make_public", "_selected_action": ids[:1]})
    assert Publication.objects.get(pk=catalogue["a"].pk).visibility == "public"
    delete_url = reverse("admin:catalogue_publication_delete", args=[catalogue["a"].pk])
    assert admin_client.get(delete_url).status_code == 200
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    kept = Publication.objects.get(pk=catalogue["a"].pk)
    assert kept.is_deleted
    assert kept.holdings.count() == 1  # only the record is marked, its copies stay
    admin_client.post(reverse(CHANGELIST), {"action": "soft_delete", "_selected_action": ids[1:]})
    assert Publication.objects.live().count() == 0
    assert Publication.objects.count() == 3
    admin_client.post(
        reverse(CHANGELIST) + "?dihapus=ya", {"action": "restore", "_selected_action": ids}
    )
    assert Publication.objects.live().count() == 2


def test_holding_status_action(admin_client, catalogue) -> None:
    holding = Holding.objects.get(barcode="H-2")
    admin_client.post(
        reverse("admin:catalogue_holding_changelist"),
        {"action": "set_status_reading_room", "_selected_action": [str(holding.pk)]},
    )
    holding.refresh_from_db()
    assert holding.status == Holding.Status.READING_ROOM


def test_kind_filter_and_bulk_kind(admin_client, catalogue) -> None:
    ids = [str(catalogue["a"].pk), str(catalogue["b"].pk)]
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "set_kind_in_figures", "_selected_action": ids[:1]},
        follow=True,
    )
    assert "Jenis 1 dari 1 publikasi diubah menjadi Dalam Angka." in response.content.decode()
    assert _listed(admin_client, kind__exact="in_figures") == ["A"]
    assert _listed(admin_client, kind__exact="other") == ["B"]
    before = Publication.objects.get(pk=catalogue["a"].pk).modified_at
    admin_client.post(
        reverse(CHANGELIST), {"action": "set_kind_in_figures", "_selected_action": ids[:1]}
    )
    assert Publication.objects.get(pk=catalogue["a"].pk).modified_at == before  # no change


def test_bulk_softcopy_access_from_publications_and_softcopies(admin_client, catalogue) -> None:
    softcopy = Softcopy.objects.get(sha256="b")
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "set_access_patrons", "_selected_action": [str(catalogue["b"].pk)]},
        follow=True,
    )
    assert "Akses 1 dari 1 salinan digital diubah menjadi Anggota terdaftar." in (
        response.content.decode()
    )
    softcopy.refresh_from_db()
    assert softcopy.access_level == Softcopy.Access.PATRONS
    admin_client.post(
        reverse("admin:catalogue_softcopy_changelist"),
        {"action": "set_access_staff", "_selected_action": [str(softcopy.pk)]},
    )
    softcopy.refresh_from_db()
    assert softcopy.access_level == Softcopy.Access.STAFF


def test_view_on_site_and_cover_preview(admin_client, catalogue) -> None:
    pub = catalogue["a"]
    page = admin_client.get(reverse("admin:catalogue_publication_change", args=[pub.pk]))
    html = page.content.decode()
    assert f'href="/publikasi/{pub.pk}/" class="viewsitelink"' in html
    assert f'src="/publikasi/{pub.pk}/sampul"' in html
    softcopy = Softcopy.objects.get(sha256="b")
    html = admin_client.get(
        reverse("admin:catalogue_publication_change", args=[catalogue["b"].pk])
    ).content.decode()
    assert f'href="/publikasi/salinan/{softcopy.pk}/berkas"' in html
    Publication.objects.filter(pk=pub.pk).update(issn_print="0317-8471", isbn="9786021513774")
    assert _listed(admin_client, q="0317-8471") == ["A"]
    assert _listed(admin_client, q="9786021513774") == ["A"]


def test_visibility_message_counts(admin_client, catalogue) -> None:
    ids = [str(catalogue["a"].pk), str(catalogue["b"].pk)]
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "make_hidden", "_selected_action": ids}, follow=True
    )
    assert "Visibilitas 2 dari 2 publikasi diubah menjadi Tersembunyi." in (
        response.content.decode()
    )


def test_admin_edit_moves_the_status_moment_only_when_the_status_changes(
    admin_client, catalogue
) -> None:
    """The admin form calls the one rule (holding_stamp_status), as holding_set_status does."""
    holding = Holding.objects.get(barcode="H-2")
    url = reverse("admin:catalogue_holding_change", args=[holding.pk])
    fields = {
        "publication": holding.publication_id,
        "barcode": "H-2",
        "call_number": "",
        "shelf_location": "Rak 9",
        "status": holding.status,
        "condition": holding.condition,
        "acquisition_date": "",
    }
    before = holding.status_changed_at
    assert admin_client.post(url, fields).status_code == 302
    holding.refresh_from_db()
    assert holding.shelf_location == "Rak 9"
    assert holding.status_changed_at == before  # same status: the moment stays
    assert admin_client.post(url, {**fields, "status": "missing"}).status_code == 302
    holding.refresh_from_db()
    assert holding.status == "missing"
    assert before is None or holding.status_changed_at > before
    assert holding.status_changed_at is not None
