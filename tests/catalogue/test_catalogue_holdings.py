"""Holdings (printed copies) and the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from catalogue.errors import DuplicateBarcodeError, InvalidFieldError, PublicationDeletedError
from catalogue.models import AccessLog, Holding, Softcopy
from catalogue.selectors.publications import holding_list
from catalogue.services.access import access_log_record
from catalogue.services.holdings import holding_create, holding_set_status
from catalogue.services.publications import publication_create, publication_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    return publication_create(title="Kota Pariaman Dalam Angka 2024", year=2024)


def test_holding_create_records_a_copy(publication) -> None:
    holding = holding_create(
        publication=publication,
        barcode=" PST-0001 ",
        call_number="310 BPS k 2024",
        shelf_location="Rak A2",
        condition="Cukup",
        acquisition_date="2024-03-01",
    )
    holding.refresh_from_db()
    assert holding.barcode == "PST-0001"
    assert holding.status == Holding.Status.AVAILABLE
    assert holding.condition == Holding.Condition.FAIR
    assert holding.acquisition_date == dt.date(2024, 3, 1)
    assert holding.status_changed_at is not None
    assert list(holding_list(publication=publication)) == [holding]


def test_barcodes_are_unique_across_the_library(publication) -> None:
    holding_create(publication=publication, barcode="PST-0001")
    other = publication_create(title="Other")
    with pytest.raises(DuplicateBarcodeError) as caught:
        holding_create(publication=other, barcode="PST-0001")
    assert caught.value.http_status == 409
    assert caught.value.code == "duplicate_barcode"
    assert Holding.objects.count() == 1


def test_invalid_holdings_are_refused(publication) -> None:
    with pytest.raises(InvalidFieldError) as caught:
        holding_create(publication=publication, barcode="  ")
    assert (caught.value.field, caught.value.reason) == ("barcode", "required")
    with pytest.raises(InvalidFieldError) as caught:
        holding_create(publication=publication, barcode="X1", status="borrowed")
    assert caught.value.field == "status"
    with pytest.raises(InvalidFieldError) as caught:
        holding_create(publication=publication, barcode="X1", acquisition_date="01/03/2024")
    assert caught.value.field == "acquisition_date"
    publication_delete(publication=publication)
    with pytest.raises(PublicationDeletedError):
        holding_create(publication=publication, barcode="X1")
    assert Holding.objects.count() == 0


def test_holding_set_status_moves_the_copy(publication) -> None:
    holding = holding_create(publication=publication, barcode="PST-0002")
    first = holding.status_changed_at
    holding_set_status(holding=holding, status="scanning")
    holding.refresh_from_db()
    assert holding.status == Holding.Status.SCANNING
    assert holding.status_changed_at > first
    moment = holding.status_changed_at
    holding_set_status(holding=holding, status=Holding.Status.SCANNING)
    holding.refresh_from_db()
    assert holding.status_changed_at == moment
    for status in ("reading_room", "photocopy", "missing", "withdrawn", "available"):
        holding_set_status(holding=holding, status=status)
        holding.refresh_from_db()
        assert holding.status == status
    with pytest.raises(InvalidFieldError):
        holding_set_status(holding=holding, status="lost")


def test_access_log_records_who_what_when_where(publication) -> None:
    softcopy = Softcopy.objects.create(
        publication=publication, title="KPDA", file="x.pdf", origin="scanned", sha256="d" * 64
    )
    user = get_user_model().objects.create_user("pustakawan", password="x")
    read = access_log_record(softcopy=softcopy, action="read", user=user, ip_address="10.0.0.5")
    download = access_log_record(
        softcopy=softcopy, action="Unduh", user=AnonymousUser(), ip_address="2001:db8::1"
    )
    read.refresh_from_db()
    download.refresh_from_db()
    assert (read.user, read.action, read.ip_address) == (user, "read", "10.0.0.5")
    assert (download.user, download.action, download.ip_address) == (
        None,
        "download",
        "2001:db8::1",
    )
    assert read.accessed_at is not None
    with pytest.raises(InvalidFieldError) as caught:
        access_log_record(softcopy=softcopy, action="read", ip_address="999.1.1.1")
    assert caught.value.field == "ip_address"
    with pytest.raises(InvalidFieldError):
        access_log_record(softcopy=softcopy, action="print")
    # the log outlives the file it records
    softcopy.delete()
    assert AccessLog.objects.filter(softcopy__isnull=True).count() == 2
