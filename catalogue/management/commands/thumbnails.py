"""``pustaka thumbnails [--missing] [--softcopy ID ...] [--enqueue]``: backfill page thumbnails.

Thumbnails are made when a digitisation job completes; softcopies made before that have
none. By default every softcopy (or those named with ``--softcopy``) is visited and the
pages without a thumbnail are rendered here, in-process; the service skips pages whose
picture is already in storage, so running again changes nothing. ``--missing`` visits
only softcopies with a page whose thumbnail was never recorded (a quick database query,
no storage look-ups; a thumbnail file lost from storage is found only without it).
``--enqueue`` sends one ``pustaka.softcopy.thumbnails`` task per softcopy to the workers
instead of rendering here. A softcopy whose PDF cannot be rendered is reported and the
others go on; the command then exits 65.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from catalogue.enqueue import enqueue_on_commit
from catalogue.models import Softcopy
from catalogue.services.thumbnails import ThumbnailError, softcopy_make_thumbnails
from common import tasknames

EX_DATAERR = 65


class Command(BaseCommand):
    help = "Make the missing page thumbnails of existing softcopies (here, or via the workers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing",
            action="store_true",
            help="only softcopies with a page that has no thumbnail recorded (fast)",
        )
        parser.add_argument(
            "--softcopy",
            type=int,
            nargs="+",
            default=None,
            metavar="ID",
            help="only these softcopies (by id)",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="send one task per softcopy to the workers instead of rendering here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        softcopies = _selected(ids=options["softcopy"], missing_only=options["missing"])
        ids = list(softcopies.values_list("pk", flat=True))
        if options["enqueue"]:
            for softcopy_id in ids:
                enqueue_on_commit(
                    tasknames.MAKE_THUMBNAILS, softcopy_id, queue=tasknames.QUEUE_DEFAULT
                )
            self.stdout.write(f"softcopies enqueued: {len(ids)}")
            return
        made, failed = 0, []
        for softcopy_id in ids:
            try:
                made += softcopy_make_thumbnails(softcopy_id=softcopy_id)
            except ThumbnailError as exc:
                failed.append(softcopy_id)
                self.stderr.write(f"softcopy {softcopy_id}: {exc.message_id} / {exc.message_en}")
        self.stdout.write(
            f"softcopies checked: {len(ids)}, thumbnails made: {made}, failed: {len(failed)}"
        )
        if failed:
            raise CommandError(
                f"thumbnails failed for softcopies {', '.join(map(str, failed))}",
                returncode=EX_DATAERR,
            )


def _selected(*, ids: list[int] | None, missing_only: bool) -> QuerySet[Softcopy]:
    softcopies = Softcopy.objects.order_by("pk")
    if ids:
        unknown = set(ids) - set(softcopies.filter(pk__in=ids).values_list("pk", flat=True))
        if unknown:
            raise CommandError(
                f"no softcopy with id {', '.join(map(str, sorted(unknown)))}", returncode=66
            )
        softcopies = softcopies.filter(pk__in=ids)
    if missing_only:
        softcopies = softcopies.filter(pages__thumbnail="").distinct()
    return softcopies
