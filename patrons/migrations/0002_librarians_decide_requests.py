"""Librarians and admins decide softcopy requests: grant them the queue's permission.

The permission is created here (Django would only create it after migrating) so the
groups made by ``visitors`` 0002 can hold it now. Idempotent; groups that do not exist
are skipped.
"""

from django.db import migrations

GROUPS = ("Pustakawan", "Admin")
PERMISSIONS = {
    "decide_softcopyrequest": "Dapat memutuskan permintaan salinan digital",
    "view_softcopyrequest": "Can view permintaan salinan digital",
    "view_patron": "Can view anggota daring",
}


def grant(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    granted = []
    for codename, name in PERMISSIONS.items():
        model = codename.split("_", 1)[1]
        content_type, _ = ContentType.objects.get_or_create(app_label="patrons", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        granted.append(permission)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("patrons", "0001_initial"),
        ("visitors", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
