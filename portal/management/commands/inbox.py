"""``pustaka inbox``: softcopies not yet catalogued, and what their pages propose.

    pustaka inbox              # newest first: softcopy, job, source, pages, title
    pustaka inbox --show 42    # softcopy 42's proposed record and matching publications
    pustaka inbox --json       # either, as JSON

Confirming happens on the staff screen (/staf/kotak-masuk/), where each field's words are
highlighted on the page.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.models import Softcopy
from catalogue.selectors.intake import (
    NotInInboxError,
    inbox_get,
    inbox_list,
    publication_matches,
    softcopy_proposal,
)


class Command(BaseCommand):
    help = "List uncatalogued softcopies (the intake inbox), or show one's proposed record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--show", type=int, metavar="SOFTCOPY", help="one softcopy's proposal")
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["show"]:
            self._show(options["show"], as_json=options["json"])
            return
        rows = [
            {
                "softcopy_id": item.softcopy.pk,
                "job_id": item.job.pk if item.job else None,
                "source": item.job.source if item.job else item.softcopy.origin,
                "pages": item.softcopy.page_count,
                "created_at": item.softcopy.created_at.isoformat(timespec="seconds"),
                "title": item.softcopy.title,
            }
            for item in inbox_list(limit=options["limit"])
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{'softcopy':>8} {'job':>6}  {'source':<10} {'pages':>5}  title")
        for row in rows:
            self.stdout.write(
                f"{row['softcopy_id']:>8} {row['job_id'] or '':>6}  {row['source']:<10} "
                f"{row['pages']:>5}  {row['title']}"
            )
        if not rows:
            self.stdout.write("(kotak masuk kosong / the inbox is empty)")

    def _show(self, softcopy_id: int, *, as_json: bool) -> None:
        try:
            softcopy = inbox_get(softcopy_id=softcopy_id)
        except Softcopy.DoesNotExist as exc:
            raise CommandError(f"no softcopy {softcopy_id}", returncode=65) from exc
        except NotInInboxError as exc:
            raise CommandError(exc.user_message()["en"], returncode=65) from exc
        proposal = softcopy_proposal(softcopy=softcopy)
        matches = publication_matches(values=proposal.as_values())
        fields = {
            name: {"value": found.value, "confidence": found.confidence, "note": found.note}
            for name, found in proposal.fields.items()
        }
        found_matches = [
            {"publication_id": m.publication.pk, "title": str(m.publication), "rules": m.rules}
            for m in matches
        ]
        if as_json:
            answer = {"softcopy_id": softcopy.pk, "fields": fields, "matches": found_matches}
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        for name, found in proposal.fields.items():
            self.stdout.write(f"{name:<20} {found.value or '—'}  ({found.confidence:.0%})")
        for match in matches:
            rules = ", ".join(match.rules)
            self.stdout.write(f"match: #{match.publication.pk} {match.publication} ({rules})")
