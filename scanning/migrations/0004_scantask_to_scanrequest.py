"""ScanTask → ScanRequest (issue 19: "task" is kept for Celery tasks).

RenameModel renames the table (scanning_scantask → scanning_scanrequest); under
``migrate`` Django's contenttypes app renames the content type right after it. Default
permission codenames follow the model name, so the existing Permission rows are renamed
here too (``view_scantask`` → ``view_scanrequest``, add/change/delete likewise): groups
and users keep their rights, and ``post_migrate`` finds the new codenames already there
instead of adding duplicates. The content type is renamed here as well when nothing has
done it yet (a bare MigrationExecutor sends no pre_migrate signal). Reversible.
"""

from django.db import migrations

OLD, NEW = "scantask", "scanrequest"
ACTIONS = ("add", "change", "delete", "view")


def _rename(apps, db: str, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    stale = ContentType.objects.using(db).filter(app_label="scanning", model=old).first()
    if (
        stale is not None
        and not ContentType.objects.using(db).filter(app_label="scanning", model=new).exists()
    ):
        stale.model = new
        stale.save(using=db, update_fields=["model"])
    ContentType.objects.clear_cache()
    for action in ACTIONS:
        was = (
            Permission.objects.using(db)
            .filter(content_type__app_label="scanning", codename=f"{action}_{old}")
            .first()
        )
        if was is None:
            continue
        now = (
            Permission.objects.using(db)
            .filter(content_type__app_label="scanning", codename=f"{action}_{new}")
            .first()
        )
        if now is None:
            was.codename = f"{action}_{new}"
            was.name = was.name.replace(old, new)
            was.save(using=db, update_fields=["codename", "name"])
            continue
        # Both exist (made by hand or an earlier partial run): move the grants, drop the old.
        for group in was.group_set.all():
            group.permissions.add(now)
        for user in was.user_set.all():
            user.user_permissions.add(now)
        was.delete()


def forwards(apps, schema_editor):
    _rename(apps, schema_editor.connection.alias, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor.connection.alias, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("scanning", "0003_batch_page_order"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameModel("ScanTask", "ScanRequest"),
        migrations.RunPython(forwards, backwards),
    ]
