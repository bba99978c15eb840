"""``pustaka ingest PATH...``: digitise files through the running stack.

Several images make one document in the given order; a PDF is triaged page by page.
With ``--wait`` it follows the job to the end and exits non-zero if it failed. When the
storage disk fills up while the files are being kept, the job fails at once with the
bilingual reason (exit status 75, "try again later"), remembering where the files it
had no room for are: ``pustaka retry JOB`` completes it once there is space.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.errors import CatalogueError, StorageFullError
from catalogue.models import DigitisationJob, Publication
from catalogue.selectors.jobs import job_get
from catalogue.services.jobs import job_add_file, job_close, job_create, job_fail_unkept
from portal.jobreport import job_summary

FINAL = {DigitisationJob.JobState.DONE, DigitisationJob.JobState.FAILED}
EX_TEMPFAIL = 75  # sysexits.h: a temporary failure, the same command can work later


class Command(BaseCommand):
    help = "Digitise page images or a PDF into a searchable PDF/A (through the workers)."
    # An operator's everyday command: start fast. Django's system checks import every
    # URL module (about 1 s of CPU); they run with `pustaka check` and in the tests.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--title", default="")
        parser.add_argument("--publication", type=int, help="publication id to attach to")
        parser.add_argument("--lang", default="ind+eng", help="Tesseract languages (ind+eng)")
        parser.add_argument("--clean", action="store_true", help="clean pages with unpaper")
        parser.add_argument("--wait", action="store_true", help="wait until the job ends")
        parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"not a readable file: {', '.join(missing)}", returncode=66)
        publication = None
        if options["publication"]:
            publication = Publication.objects.live().filter(pk=options["publication"]).first()
            if publication is None:
                raise CommandError(f"no publication {options['publication']}", returncode=65)
        started = time.monotonic()
        job = job_create(
            title=options["title"] or paths[0].stem,
            languages=options["lang"],
            publication=publication,
            source=DigitisationJob.Source.CLI,
            clean=options["clean"],
        )
        for number, path in enumerate(paths):
            try:
                job_add_file(job=job, path=path, filename=path.name)
            except StorageFullError as exc:
                self._storage_full(options, job, paths[number:], exc)
            except CatalogueError as exc:
                raise CommandError(f"{exc.message_id} / {exc.message_en} ({exc.detail})") from exc
        job_close(job=job)
        if not options["wait"]:
            self._print(options, {"job_id": job.pk, "state": "queued"}, f"job {job.pk} queued")
            return
        job = self._follow(job.pk, options["timeout"])
        summary = job_summary(job) | {"seconds": round(time.monotonic() - started, 2)}
        self._print(options, summary, _human(summary))
        if job.state != DigitisationJob.JobState.DONE:
            raise SystemExit(1)

    def _storage_full(
        self, options: dict[str, Any], job: DigitisationJob, left: list[Path], exc: StorageFullError
    ) -> None:
        """Fail the job with the reason, keeping where the files left out are; exit 75."""
        job = job_fail_unkept(job=job, files=[(p, p.name) for p in left], error=exc)
        summary = job_summary(job)
        error = summary.get("error") or {}
        self._print(
            options,
            summary,
            f"job {job.pk} FAILED: {error.get('id', '')} / {error.get('en', '')}\n"
            f"pustaka retry {job.pk}  (once there is space)",
        )
        raise SystemExit(EX_TEMPFAIL)

    def _follow(self, job_id: int, timeout: float) -> DigitisationJob:
        deadline = time.monotonic() + timeout
        show = sys.stderr.isatty()
        while True:
            job = job_get(job_id=job_id)
            if show:
                total = job.pages_total or "?"
                sys.stderr.write(f"\r{job.get_state_display():<28} {job.pages_done}/{total} ")
                sys.stderr.flush()
            if job.state in FINAL:
                if show:
                    sys.stderr.write("\n")
                return job
            if time.monotonic() > deadline:
                raise CommandError(f"job {job_id} still {job.state} after {timeout:g} s")
            time.sleep(0.2)

    def _print(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(text)


def _human(summary: dict[str, Any]) -> str:
    if summary["state"] != "done":
        error = summary.get("error") or {}
        return f"job {summary['job_id']} FAILED: {error.get('id', '')} / {error.get('en', '')}"
    return (
        f"job {summary['job_id']} done in {summary['seconds']} s: {summary['pages']} pages "
        f"({summary['ocr_pages']} OCR, {summary['text_pages']} text, "
        f"{summary['blank_pages']} blank)\n{summary['pdf']}"
    )
