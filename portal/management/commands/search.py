"""``pustaka search QUERY [--json] [--year Y] [--subject S] [--area A] [--kind K]``.

Answers through the same selector as ``GET /api/v1/search``. Without ``--user`` it
searches as staff (whoever runs commands on the server sees everything); ``--user NAME``
answers exactly as that account would be answered by the API.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.selectors.access import Reader
from portal.search.answer import search, with_uncatalogued
from search.errors import SearchError
from search.selectors.params import parse_params

MARK = re.compile(r"</?mark>")


class Command(BaseCommand):
    help = "Search the collection as the API does (publications, pages, snippets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="*", help="words to search for")
        parser.add_argument("--json", action="store_true", help="print the API's JSON answer")
        for name in ("year", "subject", "area", "kind"):
            parser.add_argument(f"--{name}", action="append", default=[], help=f"filter: {name}")
        parser.add_argument("--page", default="1")
        parser.add_argument("--per-page", default="10")
        parser.add_argument("--user", help="answer as this account (default: as staff)")

    def handle(self, *args: Any, **options: Any) -> None:
        values = {
            "q": [" ".join(options["query"])],
            "page": [options["page"]],
            "per_page": [options["per_page"]],
            **{name: options[name] for name in ("year", "subject", "area", "kind")},
        }
        try:
            params = parse_params(lambda name: values.get(name, []))
            reader = self._reader(options["user"])
            # The same answer as /api/v1/search: staff also see what is not yet catalogued.
            answer = with_uncatalogued(search(params, user=reader), params.q, user=reader)
        except SearchError as exc:
            message = exc.user_message()
            raise CommandError(
                f"{message['id']} / {message['en']} [{exc.detail}]", returncode=exc.exit_code
            ) from exc
        if options["json"]:
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        self._print(answer)

    def _reader(self, username: str | None) -> Reader:
        model = get_user_model()
        if username is None:
            # Whoever runs commands on the server can read everything anyway; an unsaved
            # active superuser answers has_perm() without touching the database.
            return cast(Reader, model(username="terminal", is_staff=True, is_superuser=True))
        try:
            return cast(Reader, model.objects.get(username=username))
        except model.DoesNotExist:
            raise CommandError(f"Pengguna tidak ada / no such user: {username}") from None

    def _print(self, answer: dict[str, Any]) -> None:
        if answer["notice"]:
            self.stdout.write(f"! {answer['notice']['id']} / {answer['notice']['en']}")
        self.stdout.write(
            f"{answer['total']} publikasi / publications "
            f"(hal. {answer['page']}/{answer['pages_total'] or 1}, {answer['processing_ms']} ms)"
        )
        for pub in answer["publications"]:
            self.stdout.write(f"\n[{pub['id']}] {_plain(pub['title_html'])} ({pub['year'] or '-'})")
            for page in pub["pages"]:
                self.stdout.write(f"    hal. {page['page']:>4}: {_plain(page['snippet_html'])}")
        for hit in answer.get("uncatalogued", []):
            label = f"{hit['label']['id']} / {hit['label']['en']}"
            self.stdout.write(f"\n[softcopy {hit['softcopy_id']}, {label}] {hit['title']}")
            self.stdout.write(f"    hal. {hit['page']:>4}: {_plain(hit['snippet_html'])}")
        if answer["suggestions"]:
            self.stdout.write("\nSaran / suggestions: " + ", ".join(answer["suggestions"]))


def _plain(fragment: str) -> str:
    return html.unescape(MARK.sub("*", fragment))
