"""Sign many visitors in at once, assign lockers and lend one copy from many threads; print JSON.

Not a test module itself: test_visitors_lockers_postgres.py runs it against a fresh
PostgreSQL database (``DATABASE_URL``), where row locks and the partial unique index are
really contended, unlike SQLite, which serialises writers.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from catalogue.models import Publication
    from catalogue.services.holdings import holding_create
    from tests.postgres_scenario import run_at_once
    from visitors.errors import VisitorError
    from visitors.models import Locker, Visit
    from visitors.services import guestbook_submit, locker_assign, locker_release, reading_start
    from visitors.services import lockers as locker_services

    at_once = functools.partial(run_at_once, refused=VisitorError)

    parser = argparse.ArgumentParser()
    parser.add_argument("--visitors", type=int, default=24)
    parser.add_argument("--lockers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    officer = User.objects.create_user("petugas", password="x")
    lockers = [Locker.objects.create(number=n) for n in range(1, options.lockers + 1)]

    lost_races = Counter[str]()
    occupy = locker_services._occupy

    def counting_occupy(*args: Any) -> bool:
        won = occupy(*args)
        if not won:
            lost_races["lost"] += 1
        return won

    locker_services._occupy = counting_occupy  # type: ignore[assignment]

    def sign_in(i: int) -> int:
        visit = guestbook_submit(
            name="Pengunjung Uji",
            phone=f"0813{i:08d}",
            birth_year=1990,
            sex="male" if i % 2 else "female",
            education="bachelor",
            occupation="student",
            institution_category="education_research",
            purpose="research",
            service="library",
            id_type="ktp",
        )
        return visit.pk

    visit_ids = at_once(options.visitors, sign_in)
    visits = list(Visit.objects.filter(pk__in=[v for v in visit_ids if isinstance(v, int)]))
    queue_numbers = sorted(visit.queue_number for visit in visits)

    rounds = []
    for _ in range(options.rounds):
        outcome = at_once(
            len(visits), lambda i: locker_assign(visit=visits[i], officer=officer).number
        )
        holders = Counter(
            Visit.objects.filter(locker__isnull=False, locker_released_at__isnull=True).values_list(
                "locker__number", flat=True
            )
        )
        rounds.append(
            {
                "assigned": sorted(x for x in outcome if isinstance(x, int)),
                "errors": dict(Counter(x for x in outcome if not isinstance(x, int))),
                "max_holders_per_locker": max(holders.values(), default=0),
            }
        )
        for visit in visits:
            if Visit.objects.get(pk=visit.pk).holds_locker:
                locker_release(visit=visit, officer=officer)

    named = at_once(
        len(visits),
        lambda i: locker_assign(visit=visits[i], officer=officer, locker=lockers[0]).number,
    )

    # Every desk scans the same printed copy at once: the row lock lets one lend it.
    book = Publication.objects.create(title="Kota Pariaman Dalam Angka 2025")
    copy = holding_create(publication=book, barcode="PST-0001")
    lent = at_once(
        len(visits),
        lambda i: reading_start(visit=visits[i], barcode=copy.barcode, officer=officer).pk,
    )
    copy.refresh_from_db()
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "sign_in_errors": [v for v in visit_ids if not isinstance(v, int)],
                "queue_numbers": queue_numbers,
                "rounds": rounds,
                "named": dict(Counter(str(x) for x in named)),
                "reading": dict(Counter("lent" if isinstance(x, int) else x for x in lent)),
                "reading_status": copy.status,
                "lost_races": lost_races["lost"],
            }
        )
    )


if __name__ == "__main__":
    main()
