"""Reading records move to holdings, step 2 of 3: each existing record gets a copy.

A record takes a copy of its publication (not withdrawn; an open record one that no
other open record holds) and an open record's copy becomes "in the reading room". A
publication without a usable copy gets one with the barcode ``RB-MIGRASI-<record id>``,
so no reading history is lost; the librarian can relabel it later.
"""

from django.db import migrations


def _copy_for(Holding, record, taken):
    is_open = record.returned_at is None
    copies = (
        Holding.objects.filter(publication_id=record.publication_id)
        .exclude(status="withdrawn")
        .order_by("barcode")
    )
    for copy in copies:
        if not is_open or (copy.pk not in taken and copy.status in ("available", "reading_room")):
            return copy
    return Holding.objects.create(
        publication_id=record.publication_id,
        barcode=f"RB-MIGRASI-{record.pk}",
        status="available",
        condition="good",
        status_changed_at=record.started_at,
    )


def to_holdings(apps, schema_editor):
    Record = apps.get_model("visitors", "ReadingRecord")
    Holding = apps.get_model("catalogue", "Holding")
    taken: set[int] = set()
    for record in Record.objects.filter(holding__isnull=True).order_by("pk"):
        copy = _copy_for(Holding, record, taken)
        if record.returned_at is None:
            taken.add(copy.pk)
            if copy.status != "reading_room":
                copy.status, copy.status_changed_at = "reading_room", record.started_at
                copy.save(update_fields=["status", "status_changed_at", "modified_at"])
        record.holding = copy
        record.save(update_fields=["holding"])


def to_publications(apps, schema_editor):
    Record = apps.get_model("visitors", "ReadingRecord")
    for record in Record.objects.select_related("holding").order_by("pk"):
        record.publication_id = record.holding.publication_id
        record.save(update_fields=["publication"])
        if record.returned_at is None and record.holding.status == "reading_room":
            record.holding.status = "available"
            record.holding.save(update_fields=["status", "modified_at"])


class Migration(migrations.Migration):
    dependencies = [("visitors", "0004_reading_holding_add")]

    operations = [migrations.RunPython(to_holdings, to_publications)]
