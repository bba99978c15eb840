"""Re-dispatches by recovery are shown where staff look: the job page and `pustaka jobs`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from catalogue.models import DigitisationJob
from catalogue.services.jobs import job_create
from tests.staff_users import staff_user

pytestmark = pytest.mark.django_db


def test_job_page_and_jobs_command_show_redispatches(client: Client) -> None:
    job = job_create(title="Dikirim ulang")
    DigitisationJob.objects.filter(pk=job.pk).update(redispatches=2)
    client.force_login(staff_user("pustakawan"))
    page = client.get(f"/staf/digitalisasi/{job.pk}/")
    assert "Dikirim ulang oleh pemulihan otomatis: 2 kali" in page.text
    english = client.get(f"/en/staf/digitalisasi/{job.pk}/")
    assert "Re-dispatched by automatic recovery: 2 times" in english.text

    out = io.StringIO()
    call_command("jobs", "--json", stdout=out)
    assert json.loads(out.getvalue())[0]["redispatches"] == 2
    text = io.StringIO()
    call_command("jobs", stdout=text)
    header, row = text.getvalue().splitlines()[:2]
    assert header.split()[4] == "resent"
    assert row.split()[4] == "2"
