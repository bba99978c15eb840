"""``pustaka visitors_purge [--days N]``: anonymise visitors not seen for N days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from visitors.errors import VisitorError
from visitors.services import visitors_purge


class Command(BaseCommand):
    help = (
        "Anonymise the personal details of visitors whose last visit is older than the "
        "retention period (default: VISITOR_RETENTION_DAYS); statistics are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="retention period in days")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = visitors_purge(older_than_days=options["days"])
        except VisitorError as exc:
            raise CommandError(f"{exc.message_id} / {exc.message_en}") from exc
        self.stdout.write(f"{count} pengunjung dianonimkan / {count} visitors anonymised")
