"""What an installation holds, as plain data to compare before a backup and after a restore:
row counts per table, the sha256 of every stored file, and the hits of fixed searches.

Run as a script (with the restored installation's environment) it prints one JSON object;
imported, ``inspect()`` describes the installation this process uses.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def table_counts() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = int(cursor.fetchone()[0])
    return counts


def stored_files(path: str = "") -> dict[str, str]:
    """storage name -> sha256, walking the storage through Django's storage API."""
    from django.core.files.storage import default_storage

    found: dict[str, str] = {}
    try:
        dirs, files = default_storage.listdir(path)
    except FileNotFoundError:
        return found
    for name in files:
        with default_storage.open(path + name, "rb") as handle:
            found[path + name] = hashlib.sha256(handle.read()).hexdigest()
    for folder in dirs:
        found |= stored_files(f"{path}{folder}/")
    return found


def search_hits(queries: list[str], username: str) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from portal.search.answer import search
    from search.selectors.params import SearchParams

    reader = User.objects.get(username=username)
    hits: dict[str, Any] = {}
    for q in queries:
        answer = search(SearchParams(q=q, per_page=50), user=reader)
        assert not answer["fallback"], f"search fell back to the database for {q!r}"
        hits[q] = [
            [p["id"], sorted(pg["page"] for pg in p["pages"])] for p in answer["publications"]
        ]
    return hits


def inspect(queries: list[str], username: str, *, files: bool = True) -> dict[str, Any]:
    return {
        "counts": table_counts(),
        "files": stored_files() if files else {},
        "search": search_hits(queries, username),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    print(json.dumps(inspect(json.loads(sys.argv[1]), sys.argv[2])))
