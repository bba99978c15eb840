"""``pustaka jobs``: recent digitisation jobs with their state and page counts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from catalogue.selectors.jobs import job_list_recent
from portal.jobreport import job_summary


class Command(BaseCommand):
    help = "List recent digitisation jobs."
    # An operator's everyday command: start fast. Django's system checks import every
    # URL module (about 1 s of CPU); they run with `pustaka check` and in the tests.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = [job_summary(job) for job in job_list_recent(limit=options["limit"])]
        if options["json"]:
            self.stdout.write(json.dumps(jobs, ensure_ascii=False, indent=2))
            return
        # resent: messages re-dispatched by recovery (worker start, reconciler).
        self.stdout.write(f"{'job':>6}  {'state':<11} {'pages':>5} {'ocr':>4} {'resent':>6}  title")
        for job in jobs:
            line = (
                f"{job['job_id']:>6}  {job['state']:<11} {job['pages']:>5} "
                f"{job['ocr_pages']:>4} {job['redispatches']:>6}  {job['title']}"
            )
            if job.get("error"):
                line += f"  — {job['error']['en']}"
            self.stdout.write(line)
