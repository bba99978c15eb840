"""The desk permissions move into ``Visit.Meta.permissions``.

0002 created ``use_desk`` and ``view_service_report`` by hand (its groups needed them);
declared on the model, Django re-creates them after every migrate or test flush, so no
code has to make them again. The rows 0002 made are the same ones: nothing is copied.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("visitors", "0002_staff_groups"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="visit",
            options={
                "ordering": ["-visit_date", "-queue_number"],
                "permissions": [
                    (
                        "use_desk",
                        "Dapat memakai meja layanan (antrean, loker, ruang baca, fotokopi)",
                    ),
                    ("view_service_report", "Dapat melihat dan mengunduh laporan layanan"),
                ],
                "verbose_name": "kunjungan",
                "verbose_name_plural": "kunjungan",
            },
        ),
    ]
