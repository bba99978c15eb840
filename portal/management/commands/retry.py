"""``pustaka retry JOB``: re-run a failed job from its kept input."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.errors import CatalogueError
from catalogue.models import DigitisationJob
from catalogue.services.jobs import job_retry


class Command(BaseCommand):
    help = "Re-run a failed digitisation job from its kept input."
    # An operator's everyday command: start fast. Django's system checks import every
    # URL module (about 1 s of CPU); they run with `pustaka check` and in the tests.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        job = DigitisationJob.objects.filter(pk=options["job_id"]).first()
        if job is None:
            raise CommandError(f"no job {options['job_id']}")
        try:
            job_retry(job=job)
        except CatalogueError as exc:
            raise CommandError(f"{exc.message_id} / {exc.message_en}") from exc
        self.stdout.write(f"job {job.pk} queued again")
