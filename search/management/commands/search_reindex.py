"""``pustaka search-reindex``: rebuild both indexes from the database and swap them in.

Search keeps answering from the old indexes until the atomic swap; catalogue edits go on
during the rebuild (see ``search.reindex``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search.errors import SearchError
from search.reindex import reindex
from search.sync import flush_outbox
from search_index.errors import SearchIndexError


class Command(BaseCommand):
    help = "Rebuild the search indexes from the database and swap them in atomically."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = reindex(progress=lambda line: self.stdout.write(f"  {line}"))
            flush_outbox()  # changes made while the fresh indexes were filled
        except (SearchIndexError, SearchError) as exc:
            raise CommandError(
                f"Indeks gagal dibangun ulang / reindex failed: {exc}", returncode=3
            ) from exc
        self.stdout.write(
            f"Selesai / done: {report.publications} publikasi, {report.pages} halaman "
            f"dalam / in {report.seconds:.1f} s"
        )
