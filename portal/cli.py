"""``pustaka``: the server command line, a thin wrapper over Django management commands.

``pustaka run`` starts the whole local stack, ``pustaka health`` reports on it, and any
other Django command works too (``pustaka migrate``, ``pustaka createsuperuser``, ...).
"""

from __future__ import annotations

import os
import sys

# The issue and the docs spell these with hyphens; Django command names use underscores.
COMMAND_ALIASES = {"search-reindex": "search_reindex", "search-status": "search_status"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.management import execute_from_command_line

    from portal.errors import ConfigurationError

    args = ["pustaka", *(sys.argv[1:] if argv is None else argv)]
    if len(args) > 1 and args[1] in COMMAND_ALIASES:
        args[1] = COMMAND_ALIASES[args[1]]
    try:
        execute_from_command_line(args)
    except ConfigurationError as exc:
        print(f"pustaka: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from exc


if __name__ == "__main__":
    main()
