"""Back up a PostgreSQL installation; print JSON (run by test_backup_postgres.py).

``DEST WORKDIR``: migrate, build a small library with stored files, back it up to DEST
with pg_dump while a record is written between the dump and the file copy.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def make(dest: Path, workdir: Path) -> dict[str, object]:
    from django.core.management import call_command

    from backups.services import backup_create
    from search import outbox
    from search.models import OutboxEntry, SyncLock
    from search.sync import LOCK_NAME
    from tests.backups.inspect_installation import table_counts
    from tests.backups.library import stored_library
    from tests.search.builders import publication

    outbox._send_flush = lambda: None  # type: ignore[assignment]  # no broker needed here
    call_command("migrate", verbosity=0)
    stored_library(workdir)
    OutboxEntry.objects.all().delete()  # as if flushed: the restore's reindex empties it too
    SyncLock.objects.get_or_create(name=LOCK_NAME)  # made by the first flush
    counts = table_counts()

    def write_meanwhile(line: str) -> None:
        if line.startswith("database"):
            publication("Ditulis setelah salinan basis data / written after the dump")

    result = backup_create(dest=dest, progress=write_meanwhile)
    return {"archive": str(result.path), "counts": counts, "copied": result.copied_files}


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    outcome = make(Path(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps({"vendor": connection.vendor, **outcome}))


if __name__ == "__main__":
    main()
