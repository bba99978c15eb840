"""Edit, flush and reindex from many threads at once on PostgreSQL; print the status as JSON.

Not a test module itself: test_outbox_postgres.py runs it with DATABASE_URL pointing at
a fresh PostgreSQL database and MEILISEARCH_* at a private Meilisearch.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main() -> None:
    import django

    django.setup()
    from celery import current_app
    from django.core.management import call_command
    from django.db import connection, transaction

    from catalogue.models import Page, Publication, Softcopy
    from catalogue.services.publications import publication_create, publication_update
    from search.config import search_client
    from search.errors import SearchBusyError
    from search.reindex import reindex
    from search.status import search_status
    from search.sync import flush_outbox
    from search_index.indexes import index_name

    call_command("migrate", verbosity=0)
    current_app.send_task = lambda *a, **k: None  # type: ignore[method-assign]
    errors: list[str] = []
    busy = [0]

    def flush_until_done() -> None:
        while True:
            try:
                flush_outbox(batch_rows=7)
                return
            except SearchBusyError:
                busy[0] += 1
                time.sleep(0.02)

    def editor(n: int) -> None:
        try:
            for i in range(5):
                with transaction.atomic():
                    owner = publication_create(title=f"Uji {n}-{i}", year=2000 + i)
                    copy = Softcopy.objects.create(
                        publication=owner,
                        title=owner.title,
                        file="x.pdf",
                        origin="scanned",
                        page_count=3,
                        sha256=uuid.uuid4().hex,
                    )
                    Page.objects.bulk_create(
                        [Page(softcopy=copy, number=p, text=f"kata{n}x{i} {p}") for p in (1, 2, 3)]
                    )
                publication_update(publication=owner, year=2010 + i)
                flush_until_done()
        except Exception as exc:  # reported, and the test fails on it
            errors.append(repr(exc))
        finally:
            connection.close()

    def reindexer() -> None:
        try:
            time.sleep(0.3)
            reindex()
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(6)]
    threads.append(threading.Thread(target=reindexer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flush_until_done()
    status = search_status()
    client, config = search_client()
    years = dict(Publication.objects.values_list("pk", "year"))
    pages = client.index(index_name(config, "pages"))
    indexed = pages.get_documents({"limit": 1000, "fields": ["publication_id", "year"]}).results
    stale = [d.publication_id for d in indexed if years.get(d.publication_id) != d.year]
    outcome = {"vendor": connection.vendor, "errors": errors, "busy": busy[0], "stale": stale}
    print(json.dumps({**outcome, "status": status}, default=str))


if __name__ == "__main__":
    main()
