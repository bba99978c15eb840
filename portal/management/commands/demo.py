"""``pustaka demo``: load a living BPS Kota Pariaman library for a first start.

Publications, printed copies and covers go in through the catalogue's services; the
softcopies come from the real pipeline (digitisation jobs the running workers process).
Running it again adds only what is missing.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from kombu.exceptions import OperationalError

from portal.demo import load
from portal.demo.drawing import PagesUnavailable
from portal.health.checks import check_broker, check_workers


class Command(BaseCommand):
    help = "Muat koleksi contoh BPS Kota Pariaman / Load a demo BPS Kota Pariaman collection."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--softcopies", type=int, default=8, help="how many publications get a softcopy (8)"
        )
        parser.add_argument("--wait", action="store_true", help="wait until the jobs finish")
        parser.add_argument("--timeout", type=float, default=900, help="seconds to wait (900)")

    def handle(self, *args: Any, **options: Any) -> None:
        count = max(0, options["softcopies"])
        if count:
            self._preflight(wait=options["wait"])
        report = load.DemoReport()
        publications = load.load_catalogue(report)
        pages_missing = ""
        if count:
            try:
                load.start_softcopies(publications, count=count, report=report)
            except PagesUnavailable as exc:
                pages_missing = str(exc)
            except OperationalError as exc:
                raise CommandError(
                    "Antrean tugas (Redis) tidak dapat dihubungi; jalankan `pustaka run` dulu. / "
                    f"The task queue (Redis) cannot be reached; start `pustaka run` first. ({exc})",
                    returncode=69,
                ) from exc
        states: dict[str, int] = {}
        if options["wait"] and report.job_ids:
            states = load.wait_for_jobs(
                report.job_ids, timeout=options["timeout"], progress=self._progress
            )
        access = load.apply_access_levels(publications, count=count) if count else 0
        self._summary(report, states, access, pages_missing, waited=options["wait"])
        if states.get("failed"):
            raise SystemExit(1)

    def _preflight(self, *, wait: bool) -> None:
        """Softcopies need the broker, and waiting for them needs a worker."""
        broker = check_broker()
        if not broker.ok:
            raise CommandError(
                "Antrean tugas (Redis) tidak dapat dihubungi; jalankan `pustaka run` dulu, atau "
                "--softcopies 0 untuk katalog saja. / The task queue (Redis) cannot be reached; "
                f"start `pustaka run` first, or use --softcopies 0 for the catalogue only. "
                f"({broker.error})",
                returncode=69,
            )
        workers = check_workers()
        if not workers.ok:
            message = (
                "Tidak ada worker yang menjawab; pekerjaan menunggu di antrean sampai worker "
                "berjalan. / No worker answered; the jobs wait in the queue until one runs."
            )
            if wait:
                raise CommandError(message, returncode=69)
            self.stderr.write(message)

    def _progress(self, finished: int, total: int) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\rpekerjaan selesai / jobs finished: {finished}/{total} ")
            sys.stderr.flush()

    def _summary(
        self,
        report: load.DemoReport,
        states: dict[str, int],
        access: int,
        pages_missing: str,
        *,
        waited: bool,
    ) -> None:
        lines = [
            f"Publikasi / publications: {report.publications_created} baru / new, "
            f"{report.publications_found} sudah ada / already there",
            f"Eksemplar / printed copies: {report.holdings_created} baru / new",
            f"Pekerjaan digitalisasi / digitisation jobs: {report.jobs_started} dimulai / "
            f"started, {report.jobs_retried} diulang / retried, {report.jobs_found} sudah ada / "
            "already there",
        ]
        if waited and states:
            done, failed = states.get("done", 0), states.get("failed", 0)
            pending = sum(states.values()) - done - failed
            lines.append(
                f"Salinan digital / softcopies: {done} selesai / done, {failed} gagal / failed, "
                f"{pending} belum / pending"
            )
        elif report.job_ids:
            lines.append(
                "Pekerjaan berjalan di latar; jalankan lagi dengan --wait untuk menunggu. / "
                "Jobs run in the background; run again with --wait to wait for them."
            )
        if access:
            lines.append(f"Tingkat akses diterapkan / access levels set: {access}")
        if pages_missing:
            lines.append(
                "Tanpa salinan digital: pembuat halaman contoh (bench) tidak terpasang. / "
                "No softcopies: the sample page generator (bench) is not installed "
                f"({pages_missing})."
            )
        for problem in report.problems:
            lines.append(f"! {problem}")
        self.stdout.write("\n".join(lines))
