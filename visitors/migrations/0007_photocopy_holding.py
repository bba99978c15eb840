"""A photocopy form may name the printed copy the visitor took to the cooperative."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_publication_kind_page_thumbnail"),
        ("visitors", "0006_reading_holding_finish"),
    ]

    operations = [
        migrations.AddField(
            model_name="photocopyrequest",
            name="holding",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="photocopy_requests",
                to="catalogue.holding",
                verbose_name="eksemplar",
            ),
        ),
    ]
