"""Reading records move to holdings, step 3 of 3: the copy is required, the old column goes.

A copy is in at most one open reading record (any visit), replacing the old rule of one
open record per publication and visit.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("visitors", "0005_reading_holding_fill")]

    operations = [
        migrations.RemoveConstraint(
            model_name="readingrecord",
            name="visitors_reading_open_once_per_visit",
        ),
        migrations.RemoveField(model_name="readingrecord", name="publication"),
        migrations.AlterField(
            model_name="readingrecord",
            name="holding",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reading_records",
                to="catalogue.holding",
                verbose_name="eksemplar",
            ),
        ),
        migrations.AddConstraint(
            model_name="readingrecord",
            constraint=models.UniqueConstraint(
                condition=models.Q(("returned_at__isnull", True)),
                fields=("holding",),
                name="visitors_reading_holding_open_once",
            ),
        ),
    ]
