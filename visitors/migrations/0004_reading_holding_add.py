"""Reading records move from the publication to the printed copy (holding), step 1 of 3.

The new column comes in nullable next to the old one; 0005 fills it, 0006 drops the old
one. Three migrations, so on PostgreSQL no table is altered in the transaction that
updates its rows (deferred foreign-key checks would refuse it).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visitors", "0003_desk_permissions"),
        ("catalogue", "0002_publication_catalogue_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="readingrecord",
            name="publication",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reading_records",
                to="catalogue.publication",
                verbose_name="publikasi",
            ),
        ),
        migrations.AddField(
            model_name="readingrecord",
            name="holding",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reading_records",
                to="catalogue.holding",
                verbose_name="eksemplar",
            ),
        ),
    ]
