"""Many stations claim the same tasks at the same moment; report who got what.

Used in-process on SQLite (test_scanning_claim.py) and, run as a script, in a subprocess
whose Django talks to a fresh PostgreSQL database. Not a test module itself.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def race(*, tasks: int, stations: int) -> dict[str, object]:
    """Every station tries every task (all released by one barrier); count the winners."""
    from django.db import connection, connections

    from catalogue.services.publications import publication_create
    from scanning.errors import ScanRequestTakenError
    from scanning.models import ScanRequest
    from scanning.services.requests import scan_request_claim, scan_request_create_scan_to_email
    from scanning.services.stations import station_add

    publication = publication_create(title="Perebutan tugas", allow_duplicate=True)
    task_ids = [
        scan_request_create_scan_to_email(publication=publication, email=f"p{n}@example.org").pk
        for n in range(tasks)
    ]
    racers = [station_add(name=f"race-{os.getpid()}-{n}").station for n in range(stations)]
    barrier = threading.Barrier(stations)
    wins: Counter[int] = Counter()
    taken: Counter[int] = Counter()
    lock = threading.Lock()
    errors: list[str] = []

    def claim_all(station_index: int) -> None:
        station = racers[station_index]
        try:
            barrier.wait()
            for task_id in task_ids:
                try:
                    scan_request_claim(task_id=task_id, station=station)
                    with lock:
                        wins[task_id] += 1
                except ScanRequestTakenError:
                    with lock:
                        taken[task_id] += 1
        except Exception as exc:  # reported, so the test shows it rather than hangs
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim_all, args=(i,)) for i in range(stations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    holders = ScanRequest.objects.filter(pk__in=task_ids).values_list("claimed_by_id", flat=True)
    return {
        "vendor": connection.vendor,
        "max_winners_per_task": max(wins.values(), default=0),
        "tasks_claimed": len([h for h in holders if h is not None]),
        "claims_refused": sum(taken.values()),
        "errors": errors,
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps(race(tasks=int(sys.argv[1]), stations=int(sys.argv[2]))))


if __name__ == "__main__":
    main()
