"""The staff roles of the PST desk as Django auth groups, and the two desk permissions.

- "Petugas Layanan" (frontline officer): the desk — queue, lockers, reading room,
  photocopy forms, check-out — and read access to what it touches.
- "Pustakawan" (librarian): the desk, the service report, the audit log, and editing the
  catalogue.
- "Admin": every permission of the visitor services and the catalogue, and user accounts.

``use_desk`` and ``view_service_report`` are created here (on the visit's content type)
because the groups need them now; from 0003 on they are declared in ``Visit.Meta``, so
Django keeps them. They are what the portal's desk views check. ``create_staff_groups``
is idempotent.
"""

from django.db import migrations

CUSTOM_PERMISSIONS = {
    "use_desk": "Dapat memakai meja layanan (antrean, loker, ruang baca, fotokopi)",
    "view_service_report": "Dapat melihat dan mengunduh laporan layanan",
}

OFFICER = [
    "visitors.use_desk",
    "visitors.view_visit",
    "visitors.view_locker",
    "visitors.view_readingrecord",
    "visitors.view_photocopyrequest",
    "catalogue.view_publication",
    "catalogue.view_holding",
]
LIBRARIAN = [
    *OFFICER,
    "visitors.view_service_report",
    "visitors.view_visitor",
    "visitors.view_auditentry",
    *(
        f"catalogue.{action}_{model}"
        for model in ("publication", "holding", "subject", "contributor", "publicationcontributor")
        for action in ("add", "change", "view")
    ),
    "catalogue.view_softcopy",
]
ADMIN = [
    "visitors.*",
    "catalogue.*",
    *(
        f"auth.{action}_{model}"
        for model in ("user", "group")
        for action in ("add", "change", "view")
    ),
]
GROUPS = {"Petugas Layanan": OFFICER, "Pustakawan": LIBRARIAN, "Admin": ADMIN}


def _ensure_default_permissions(apps):
    """Default permissions are normally made after all migrations; the groups need them now."""
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        original = getattr(config, "models_module", None)  # historical stubs have none
        config.models_module = original or True
        try:
            create_permissions(config, apps=apps, verbosity=0)
        finally:
            config.models_module = original


def _resolve(Permission, specs):
    found = []
    for spec in specs:
        app_label, codename = spec.split(".")
        rows = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            rows = rows.filter(codename=codename)
        rows = list(rows)
        if not rows:
            raise LookupError(f"permission {spec} does not exist")
        found.extend(rows)
    return found


def create_staff_groups(apps, schema_editor):
    _ensure_default_permissions(apps)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    visit_type, _ = ContentType.objects.get_or_create(app_label="visitors", model="visit")
    for codename, name in CUSTOM_PERMISSIONS.items():
        Permission.objects.get_or_create(
            content_type=visit_type, codename=codename, defaults={"name": name}
        )
    for name, specs in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_resolve(Permission, specs))


def remove_staff_groups(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=list(GROUPS)).delete()
    Permission.objects.filter(
        content_type__app_label="visitors", codename__in=list(CUSTOM_PERMISSIONS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("visitors", "0001_initial"),
        ("catalogue", "0002_publication_catalogue_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_staff_groups)]
