"""Race survey answers and complaint entries on a real database from many threads; print JSON.

Not a test module itself: test_feedback_postgres.py runs it against a fresh PostgreSQL
database (``DATABASE_URL``), where concurrent transactions really overlap.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

THREADS = 8


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from feedback.errors import FeedbackError
    from feedback.models import SurveyReceipt, SurveyResponse
    from feedback.services import complaint_submit, survey_invitation_issue, survey_submit
    from feedback.services import survey as survey_services
    from tests.postgres_scenario import run_at_once
    from visitors.services import guestbook_submit

    at_once = functools.partial(run_at_once, refused=FeedbackError)

    call_command("migrate", verbosity=0)
    visit = guestbook_submit(
        name="Pengunjung Uji",
        phone="081300000001",
        birth_year=1990,
        sex="male",
        education="bachelor",
        occupation="civil_servant",
        institution_category="local_government",
        purpose="thesis",
        service="consultation",
        id_type="ktp",
    )
    token = survey_invitation_issue(visit_id=visit.pk).token

    # Every thread passes the "not answered yet" check before any of them writes:
    # only the receipt's unique key can then keep the answers to one.
    checked = threading.Barrier(THREADS)
    check = survey_services.survey_invitation_check

    def check_then_wait(**kwargs: Any) -> Any:
        invitation = check(**kwargs)
        checked.wait()
        return invitation

    survey_services.survey_invitation_check = check_then_wait  # type: ignore[assignment]
    survey = at_once(
        THREADS,
        lambda i: (
            survey_submit(ratings={f"u{n}": 1 + i % 4 for n in range(1, 10)}, token=token).pk
            and "stored"
        ),
    )
    survey_services.survey_invitation_check = check  # type: ignore[assignment]

    references = at_once(
        THREADS,
        lambda i: (
            complaint_submit(
                kind="suggestion", channel="box", subject=f"Saran {i}", text="Isi"
            ).reference
        ),
    )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "survey": dict(Counter(survey)),
                "responses": SurveyResponse.objects.count(),
                "receipts": SurveyReceipt.objects.count(),
                "references": sorted(references),
            }
        )
    )


if __name__ == "__main__":
    main()
