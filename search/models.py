"""The outbox: search-relevant changes written in the same transaction as the change.

A row names what changed (a publication or a softcopy), never how: the flush rebuilds
documents from the database, the truth, so rows can repeat, arrive out of order or be
replayed after an outage without harm. Rows are deleted only after Meilisearch has
confirmed the write, so nothing is lost while search is down.
"""

from __future__ import annotations

from django.db import models


class OutboxEntry(models.Model):
    class Kind(models.TextChoices):
        PUBLICATION = "publication", "Publikasi"
        SOFTCOPY = "softcopy", "Salinan digital"

    kind = models.CharField("jenis", max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField("id objek")
    created_at = models.DateTimeField("dibuat", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "antrean indeks"
        verbose_name_plural = "antrean indeks"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SyncLock(models.Model):
    """One row; flushes and reindexes lock it for short transactions so they never
    interleave their writes (an older build overwriting a newer one). On PostgreSQL the
    lock is on this row; on SQLite the holder's BEGIN IMMEDIATE transaction takes the
    database's write lock (see ``search.sync.sync_lock``).

    A reindex does not hold the lock while it fills its fresh indexes: it marks the row
    (``reindex_started_at``, ``reindex_covered``) and flushes back off until its swap
    (see ``search.reindex``)."""

    name = models.CharField(max_length=32, unique=True)
    watermark = models.DateTimeField("tersinkron hingga", null=True, blank=True)
    reindex_started_at = models.DateTimeField("pembangunan ulang sejak", null=True, blank=True)
    # The highest outbox id when the reindex began: rows up to it are in the fresh indexes.
    reindex_covered = models.BigIntegerField("antrean tercakup", null=True, blank=True)

    class Meta:
        verbose_name = "kunci sinkronisasi"
        verbose_name_plural = "kunci sinkronisasi"

    def __str__(self) -> str:
        return self.name


class SearchQueryCount(models.Model):
    """How often a query was asked on a day, and how often it found nothing.

    Counted without who asked (no user, no address, no session): the librarians read the
    top and the zero-result queries to learn what the collection lacks. The query is kept
    normalised (lower case, single spaces) and cut to ``QUERY_MAX`` characters.
    """

    QUERY_MAX = 200

    day = models.DateField("tanggal")
    query = models.CharField("kata kunci", max_length=QUERY_MAX)
    searches = models.PositiveIntegerField("pencarian", default=0)
    zero_results = models.PositiveIntegerField("tanpa hasil", default=0)

    class Meta:
        verbose_name = "hitungan kata kunci"
        verbose_name_plural = "hitungan kata kunci"
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="searchquerycount_day_query")
        ]
        indexes = [models.Index(fields=["day"], name="searchquerycount_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"
