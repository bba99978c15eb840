"""Staff screens: the scan queue, a scan-to-email request, cover sheets, admin, the command."""

from __future__ import annotations

import io
import json

import pytest
import segno
import zxingcpp
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from catalogue.models import Holding, Publication
from scanning.coversheet import publication_payload, qr_png, qr_svg, scan_request_payload
from scanning.models import ScanRequest, Station
from scanning.services.requests import (
    scan_request_create_digitise,
    scan_request_create_scan_to_email,
)
from scanning.services.stations import NewStation, token_hash
from tests.portal.desk_support import entry
from visitors.services import guestbook_submit

pytestmark = pytest.mark.django_db


def _staff(*codenames: str) -> User:
    user = User.objects.create_user("pustakawan", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def librarian(client: Client) -> Client:
    client.force_login(_staff("view_scanrequest", "add_scanrequest", "change_scanrequest"))
    return client


def test_queue_needs_the_permission(client: Client) -> None:
    assert client.get("/staf/pindai/").status_code == 302  # to the sign-in page
    client.force_login(_staff())
    assert client.get("/staf/pindai/").status_code == 403


def test_queue_lists_tasks_with_state_and_station(
    librarian: Client, holding: Holding, station: NewStation
) -> None:
    task = scan_request_create_digitise(holding=holding, pages="1-4")
    ScanRequest.objects.filter(pk=task.pk).update(state="claimed", claimed_by=station.station)
    page = librarian.get("/staf/pindai/").content.decode()
    assert holding.publication.title in page
    assert "Diambil stasiun" in page
    assert "Pemindai Lantai 1" in page
    assert f"/staf/pindai/sampul/{task.pk}/" in page
    english = librarian.get("/en/staf/pindai/").content.decode()
    assert "Scan queue" in english


def test_scan_to_email_request_form(librarian: Client, publication: Publication) -> None:
    bad = librarian.post(
        "/staf/pindai/baru/", {"publication": publication.pk, "pages": "9-2", "email": "a@b.id"}
    )
    assert bad.status_code == 400
    assert "Rentang halaman tidak valid" in bad.content.decode()
    assert not ScanRequest.objects.exists()
    good = librarian.post(
        "/staf/pindai/baru/",
        {"publication": publication.pk, "pages": "1-5, 9", "email": "siti@example.org"},
    )
    task = ScanRequest.objects.get()
    assert good.status_code == 302
    assert good["Location"].endswith(f"/staf/pindai/sampul/{task.pk}/")
    assert (task.kind, task.pages, task.requester_email) == (
        "scan_to_email",
        "1-5, 9",
        "siti@example.org",
    )
    assert task.created_by is not None
    assert task.created_by.username == "pustakawan"


def test_the_request_form_opened_from_a_visit_card_has_the_visit_and_email(
    librarian: Client,
) -> None:
    with_email = guestbook_submit(**entry(email="Rina@Example.org"))
    without = guestbook_submit(**entry())
    form = librarian.get(f"/staf/pindai/baru/?kunjungan={with_email.pk}").context["form"]
    assert (form["visit"].value(), form["email"].value()) == (with_email.pk, "rina@example.org")
    page = librarian.get(f"/staf/pindai/baru/?kunjungan={without.pk}")
    assert (page.context["form"]["visit"].value(), page.context["form"]["email"].value()) == (
        without.pk,
        None,
    )
    assert f'<option value="{without.pk}" selected>' in page.content.decode()
    for odd in ("abc", "999999"):  # nothing to prefill: the plain form
        blank = librarian.get(f"/staf/pindai/baru/?kunjungan={odd}").context["form"]
        assert blank["visit"].value() is None


def _decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]


def test_cover_sheet_for_a_task_prints_a_qr_that_decodes_back(
    librarian: Client, publication: Publication
) -> None:
    task = scan_request_create_scan_to_email(
        publication=publication, email="a@example.org", pages="2"
    )
    page = librarian.get(f"/staf/pindai/sampul/{task.pk}/").content.decode()
    payload = scan_request_payload(task.pk)
    assert payload == f"PUSTAKA:T:{task.pk}"
    assert qr_svg(payload) in page  # the very code segno drew for this payload
    assert publication.title in page
    assert payload in page
    assert "@media print" in page
    assert _decode(qr_png(payload)) == [payload]


def test_cover_sheet_for_a_publication(librarian: Client, publication: Publication) -> None:
    page = librarian.get(f"/staf/pindai/sampul/publikasi/{publication.pk}/").content.decode()
    payload = publication_payload(publication.pk)
    assert qr_svg(payload) in page
    assert _decode(qr_png(payload)) == [f"PUSTAKA:P:{publication.pk}"]
    # A small print (scale 3) still reads: the sheet survives a poor printer.
    small = io.BytesIO()
    segno.make(payload, error="m").save(small, kind="png", scale=3)
    assert _decode(small.getvalue()) == [payload]


def test_release_puts_a_claimed_task_back(
    librarian: Client, publication: Publication, station: NewStation
) -> None:
    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    ScanRequest.objects.filter(pk=task.pk).update(state="scanning", claimed_by=station.station)
    librarian.post(f"/staf/pindai/{task.pk}/lepas/")
    task.refresh_from_db()
    assert (task.state, task.claimed_by) == ("pending", None)


def test_admin_action_digitises_a_holding(admin_client: Client, holding: Holding) -> None:
    response = admin_client.post(
        "/admin/catalogue/holding/",
        {"action": "digitise_holdings", "_selected_action": [holding.pk]},
        follow=True,
    )
    assert response.status_code == 200
    task = ScanRequest.objects.get()
    assert (task.kind, task.holding, task.state) == ("digitise", holding, "pending")
    assert Holding.objects.get(pk=holding.pk).status == Holding.Status.SCANNING
    changelist = admin_client.get("/admin/catalogue/holding/").content.decode()
    assert "Digitalkan eksemplar ini" in changelist


def test_admin_shows_a_new_station_token_once(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/scanning/station/add/", {"name": "Pemindai Admin", "active": "on"}, follow=True
    )
    text = response.content.decode()
    station = Station.objects.get(name="Pemindai Admin")
    token = text.split("keep it now): ")[1].split("<")[0].strip()
    assert token_hash(token) == station.token_hash
    again = admin_client.get(f"/admin/scanning/station/{station.pk}/change/").content.decode()
    assert token not in again


def test_station_command_prints_a_token_that_works(client: Client, capsys) -> None:
    call_command("station", "add", "Pemindai CLI")
    token = capsys.readouterr().out.strip()
    response = client.get("/api/v1/station", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert json.loads(response.content)["name"] == "Pemindai CLI"
    call_command("station", "list")
    assert "Pemindai CLI" in capsys.readouterr().out
    call_command("station", "revoke", "Pemindai CLI")
    assert (
        client.get("/api/v1/station", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    with pytest.raises(SystemExit) as exited:
        call_command("station", "add", "Pemindai CLI")
    assert exited.value.code == 2


def test_failed_delivery_shows_why_and_can_be_sent_again(
    librarian: Client,
    publication: Publication,
    station: NewStation,
    sent_tasks: list,
    django_capture_on_commit_callbacks,
) -> None:
    import uuid

    from catalogue.models import DigitisationJob, Softcopy
    from common import tasknames
    from scanning.services.batches import BatchSpec, batch_open

    task = scan_request_create_scan_to_email(publication=publication, email="a@example.org")
    batch = batch_open(
        station=station.station,
        spec=BatchSpec(client_batch_id=str(uuid.uuid4()), scan_task_id=task.pk),
    ).batch
    softcopy = Softcopy.objects.create(
        publication=publication, title="x", file="softcopies/x.pdf", origin="scanned", sha256="0"
    )
    DigitisationJob.objects.filter(pk=batch.job_id).update(state="done", softcopy=softcopy)
    ScanRequest.objects.filter(pk=task.pk).update(
        state="failed",
        finished_at=timezone.now(),  # the PDF was ready: only the email failed
        error_code="delivery_failed",
        error_id="Pengiriman surel hasil pindai gagal.",
    )
    page = librarian.get("/staf/pindai/").content.decode()
    assert "Pengiriman surel hasil pindai gagal." in page
    assert f"/staf/pindai/{task.pk}/kirim-ulang/" in page
    with django_capture_on_commit_callbacks(execute=True):
        librarian.post(f"/staf/pindai/{task.pk}/kirim-ulang/")
    assert ScanRequest.objects.get(pk=task.pk).state == "done"
    assert [s[:2] for s in sent_tasks] == [(tasknames.DELIVER_SCAN, [task.pk])]
