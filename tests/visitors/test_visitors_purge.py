"""Retention: personal details are wiped after the period, the statistics stay."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from visitors.errors import RetentionPeriodError
from visitors.models import AuditEntry, Visit, Visitor
from visitors.selectors import service_report
from visitors.services import visit_start_service, visitors_purge

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=WIB)
STATS = (
    "visit_date",
    "queue_number",
    "guestbook_at",
    "service_started_at",
    "purpose",
    "service",
    "sex",
    "education",
    "occupation",
    "institution_category",
    "age_band",
    "male_count",
    "female_count",
    "id_type",
    "state",
)


def _stats(visitor: Visitor) -> list[tuple]:
    return list(Visit.objects.filter(visitor=visitor).order_by("pk").values_list(*STATS))


def test_purge_anonymises_visitors_not_seen_for_a_year_and_keeps_statistics(
    submit, officer
) -> None:
    old_day = NOW - timedelta(days=400)
    gone = submit(
        now=old_day, name="Andi Pratama", phone="081211112222", email="andi@contoh.id"
    ).visitor
    visit_start_service(
        visit=Visit.objects.get(visitor=gone), officer=officer, now=old_day + timedelta(minutes=3)
    )
    regular = submit(now=old_day + timedelta(hours=1), phone="081233334444").visitor
    submit(now=NOW - timedelta(days=10), phone="0812 3333 4444")  # came back recently
    recent = submit(now=NOW - timedelta(days=100), phone="081255556666").visitor
    stats_before = _stats(gone)
    old_report = service_report(start=old_day.date(), end=old_day.date(), now=NOW)

    assert visitors_purge(now=NOW) == 1

    gone.refresh_from_db()
    assert (gone.name, gone.phone, gone.email, gone.birth_year, gone.institution) == (
        "",
        "",
        "",
        None,
        "",
    )
    assert gone.anonymised_at == NOW
    assert (gone.sex, gone.education, gone.institution_category) == (
        "female",
        "bachelor",
        "education_research",
    )
    assert _stats(gone) == stats_before  # every visit keeps its statistics
    assert service_report(start=old_day.date(), end=old_day.date(), now=NOW) == old_report
    for kept in (regular, recent):
        fresh = Visitor.objects.get(pk=kept.pk)
        assert fresh.anonymised_at is None
        assert fresh.phone == kept.phone
        assert fresh.name == "Rina Marlina"
    entry = AuditEntry.objects.get(action="visitors.purge")
    assert entry.actor is None
    assert entry.object_type == "visitor"
    assert entry.details["visitor_ids"] == [gone.pk]
    assert entry.details["older_than_days"] == 365
    assert "Andi" not in str(entry.details)
    assert visitors_purge(now=NOW) == 0  # idempotent


def test_after_a_purge_the_same_phone_is_a_new_person(submit) -> None:
    old = submit(now=NOW - timedelta(days=400), phone="081211112222").visitor
    visitors_purge(now=NOW)
    again = submit(now=NOW, phone="0812-1111-2222").visitor
    assert again.pk != old.pk
    assert Visitor.objects.get(pk=old.pk).phone == ""


def test_the_period_comes_from_the_settings_or_the_argument(submit, settings) -> None:
    submit(now=NOW - timedelta(days=40))
    submit(now=NOW - timedelta(days=20))
    assert visitors_purge(now=NOW) == 0  # default 365 days
    settings.VISITOR_RETENTION_DAYS = 30
    assert visitors_purge(now=NOW) == 1
    assert visitors_purge(older_than_days=10, now=NOW) == 1
    assert Visitor.objects.filter(anonymised_at__isnull=True).count() == 0


def test_a_period_under_one_day_is_refused(submit) -> None:
    submit(now=NOW - timedelta(hours=1))
    with pytest.raises(RetentionPeriodError) as caught:
        visitors_purge(older_than_days=0, now=NOW)
    assert caught.value.message_id
    assert caught.value.message_en
    assert not Visitor.objects.filter(anonymised_at__isnull=False).exists()


def test_purge_handles_more_visitors_than_one_batch(submit, monkeypatch) -> None:
    from visitors.services import retention

    monkeypatch.setattr(retention, "_BATCH", 3)
    for n in range(7):
        submit(now=NOW - timedelta(days=500, minutes=n * 5))
    submit(now=NOW)
    assert visitors_purge(now=NOW) == 7
    assert AuditEntry.objects.filter(action="visitors.purge").count() == 3
    assert Visitor.objects.filter(anonymised_at__isnull=True).count() == 1


def test_management_command(submit) -> None:
    submit(now=datetime.now(WIB) - timedelta(days=400))
    submit(now=datetime.now(WIB) - timedelta(days=100))
    out = StringIO()
    call_command("visitors_purge", "--days", "365", stdout=out)
    assert out.getvalue().strip() == "1 pengunjung dianonimkan / 1 visitors anonymised"
    call_command("visitors_purge", "--days", "30", stdout=out)
    assert "1 visitors anonymised" in out.getvalue().splitlines()[-1]
    with pytest.raises(CommandError, match="paling sedikit 1 hari"):
        call_command("visitors_purge", "--days", "0")
