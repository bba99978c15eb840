"""``pustaka search-status [--json]``: database vs index counts, and the outbox backlog."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from search.status import search_status


class Command(BaseCommand):
    help = "Compare database and index counts per index; show the outbox backlog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        status = search_status()
        if options["json"]:
            self.stdout.write(json.dumps(status, ensure_ascii=False, indent=2, default=str))
        else:
            for name, row in status["indexes"].items():
                shown = "-" if row["index"] is None else row["index"]
                mark = "ok" if row["in_step"] else "BEDA / DIFFERS"
                self.stdout.write(
                    f"{name:<13} basis data / database {row['database']:>8}  "
                    f"indeks / index {shown:>8}  {mark}"
                )
            outbox = status["outbox"]
            self.stdout.write(
                f"antrean / outbox: {outbox['pending']} "
                f"(tertua / oldest: {outbox['oldest'] or '-'})"
            )
            if not status["reachable"]:
                self.stdout.write(
                    f"Meilisearch: tidak terjangkau / unreachable ({status['error']})"
                )
        if not status["in_step"]:
            raise SystemExit(1)
