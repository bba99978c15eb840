"""The staff groups' access to the scan queue.

- "Petugas Layanan" (frontline officer): sees the queue and takes a visitor's scan-to-email
  request at the desk (view + add).
- "Pustakawan" (librarian): also manages tasks — puts a claimed task back, sends a failed
  email again (view + add + change).
- "Admin": as the librarian, and sees the scanner stations.

The groups come from ``visitors`` 0002. Django makes default permissions only after all
migrations, so the scanning ones are made here first (idempotent). Reversing takes these
permissions away from the groups again and leaves the groups and permissions themselves.
"""

from django.db import migrations

TASK_DESK = ["view_scantask", "add_scantask"]
TASK_MANAGE = [*TASK_DESK, "change_scantask"]
GRANTS = {
    "Petugas Layanan": TASK_DESK,
    "Pustakawan": TASK_MANAGE,
    "Admin": [*TASK_MANAGE, "view_station"],
}


def _ensure_scanning_permissions(apps):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("scanning")
    original = getattr(config, "models_module", None)  # historical app configs have none
    config.models_module = original or True
    try:
        create_permissions(config, apps=apps, verbosity=0)
    finally:
        config.models_module = original


def _permissions(Permission, codenames):
    found = list(
        Permission.objects.filter(content_type__app_label="scanning", codename__in=codenames)
    )
    missing = set(codenames) - {p.codename for p in found}
    if missing:
        raise LookupError(f"scanning permissions missing: {sorted(missing)}")
    return found


def grant(apps, schema_editor):
    _ensure_scanning_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(Permission, codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="scanning", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("scanning", "0001_initial"),
        ("visitors", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
