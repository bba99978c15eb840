"""``pustaka tables [--softcopy ID ...] [--force] [--enqueue]``: find the tables of
existing softcopies.

Tables are read when a digitisation job completes; softcopies made before that have
none. Every softcopy (or those named) is visited here, in-process, page by page; pages
already searched are skipped unless ``--force`` (staff corrections are kept and applied
again either way). ``--enqueue`` sends one ``pustaka.softcopy.tables`` task per softcopy
to the workers instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from catalogue.enqueue import enqueue_on_commit
from catalogue.models import Softcopy
from common import tasknames
from workers.tables import extract_softcopy_tables


class Command(BaseCommand):
    help = "Find the statistical tables of existing softcopies (here, or via the workers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--softcopy", type=int, nargs="+", default=None, metavar="ID")
        parser.add_argument("--force", action="store_true", help="read searched pages again")
        parser.add_argument("--enqueue", action="store_true", help="let the workers do it")

    def handle(self, *args: Any, **options: Any) -> None:
        found = Softcopy.objects.order_by("pk")
        if options["softcopy"]:
            found = found.filter(pk__in=options["softcopy"])
        ids = list(found.values_list("pk", flat=True))
        force = bool(options["force"])
        if options["enqueue"]:
            for softcopy_id in ids:
                enqueue_on_commit(
                    tasknames.EXTRACT_TABLES, softcopy_id, int(force), queue=tasknames.QUEUE_DEFAULT
                )
            self.stdout.write(f"softcopies enqueued: {len(ids)}")
            return
        total = 0
        for softcopy_id in ids:
            tables = extract_softcopy_tables(softcopy_id, force=force)
            total += tables
            self.stdout.write(f"softcopy {softcopy_id}: {tables} tables")
        self.stdout.write(f"tables found: {total}")
