"""The feedback permissions for the staff groups of visitors/migrations/0002_staff_groups.py.

- "Petugas Layanan": the register — see, enter (other channels) and answer complaints.
- "Pustakawan": the same, the survey report and the complaints' history.
- "Admin": every feedback permission.

``grant_feedback_permissions`` is idempotent; tests call it again after a flush.
"""

from django.db import migrations

OFFICER = [
    "feedback.view_complaint",
    "feedback.add_complaint",
    "feedback.change_complaint",
    "feedback.view_surveyinvitation",
    "feedback.add_surveyinvitation",
]
LIBRARIAN = [*OFFICER, "feedback.view_surveyresponse", "feedback.view_complaintevent"]
ADMIN = ["feedback.*"]
GROUPS = {"Petugas Layanan": OFFICER, "Pustakawan": LIBRARIAN, "Admin": ADMIN}


def _ensure_default_permissions(apps):
    """Default permissions are normally made after all migrations; the groups need them now."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("feedback")
    original = getattr(config, "models_module", None)  # historical stubs have none
    config.models_module = original or True
    try:
        create_permissions(config, apps=apps, verbosity=0)
    finally:
        config.models_module = original


def grant_feedback_permissions(apps, schema_editor):
    _ensure_default_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for name, specs in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for spec in specs:
            app_label, codename = spec.split(".")
            rows = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                rows = rows.filter(codename=codename)
            found = list(rows)
            if not found:
                raise LookupError(f"permission {spec} does not exist")
            group.permissions.add(*found)


def revoke_feedback_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    feedback = Permission.objects.filter(content_type__app_label="feedback")
    for group in Group.objects.filter(name__in=list(GROUPS)):
        group.permissions.remove(*feedback)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("visitors", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_feedback_permissions, revoke_feedback_permissions)]
