"""Finish every page of a job from many threads at once; print the counters as JSON.

Not a test module itself: test_fanin_postgres.py runs it against PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main() -> None:
    import django

    django.setup()
    from celery import current_app
    from django.core.management import call_command
    from django.db import connection, connections

    from catalogue.models import JobPage
    from catalogue.services import jobs as services
    from common import tasknames

    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--threads", type=int, default=8)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    sent: list[str] = []
    current_app.send_task = lambda name, **_: sent.append(name)  # type: ignore[method-assign]

    job = services.job_create(title="konkuren")
    blank = Path(os.environ["PUSTAKA_STORAGE_ROOT"]).parent / "blank.png"
    blank.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    job_input = services.job_add_file(job=job, path=blank, filename="blank.png")
    services.input_expand(
        input_id=job_input.pk,
        info={},
        pages=[(n, JobPage.Kind.IMAGE) for n in range(1, options.pages + 1)],
    )
    services.job_close(job=job)
    page_ids = list(JobPage.objects.filter(job=job).values_list("pk", flat=True))
    barrier = threading.Barrier(options.threads)

    def finish(ids: list[int]) -> None:
        barrier.wait()
        for page_id in ids + ids:  # every page twice: re-delivery must not double-count
            services.page_finish(
                page_id=page_id,
                text="t",
                ocr=True,
                blank=False,
                pdf_name="",
                hocr_name="",
                facts={},
            )
        connections.close_all()

    threads = [
        threading.Thread(target=finish, args=(page_ids[i :: options.threads],))
        for i in range(options.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    job.refresh_from_db()
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "pages_done": job.pages_done,
                "pages_total": job.pages_total,
                "state": job.state,
                "assemble_enqueued": sent.count(tasknames.ASSEMBLE_JOB),
            }
        )
    )


if __name__ == "__main__":
    main()
