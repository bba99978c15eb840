"""The three staff groups and exactly the permissions their work needs (one table).

docs/security.md shows the same table in words; ``portal/migrations/0001_staff_roles``
makes each group hold exactly these (``staff_roles_apply``), and the authorization matrix
(tests/security/) checks every page and admin action against them. A new staff screen
names its permission here, for the groups whose work needs it.

``app.*`` means every permission of that app (the Admin group keeps its apps whole).
"""

from __future__ import annotations

from typing import Any

OFFICER_GROUP = "Petugas Layanan"
LIBRARIAN_GROUP = "Pustakawan"
ADMIN_GROUP = "Admin"

# Frontline officer: the desk, the scan-to-email requests and the complaints register;
# reads the catalogue to find copies, but no staff-only file and no digitisation screen.
OFFICER: frozenset[str] = frozenset(
    {
        "visitors.use_desk",
        "visitors.view_visit",
        "visitors.view_locker",
        "visitors.view_readingrecord",
        "visitors.view_photocopyrequest",
        "catalogue.view_publication",
        "catalogue.view_holding",
        "scanning.view_scanrequest",
        "scanning.add_scanrequest",
        "feedback.view_complaint",
        "feedback.add_complaint",
        "feedback.change_complaint",
        "feedback.view_surveyinvitation",
        "feedback.add_surveyinvitation",
    }
)

# Librarian: as the officer, plus cataloguing, digitisation, the scan queue, softcopy
# requests and the service reports. Access levels of files stay with the Admin group.
LIBRARIAN: frozenset[str] = OFFICER | frozenset(
    {
        "visitors.view_service_report",
        "visitors.view_visitor",
        "visitors.view_auditentry",
        *(
            f"catalogue.{action}_{model}"
            for model in (
                "publication",
                "holding",
                "subject",
                "contributor",
                "publicationcontributor",
            )
            for action in ("add", "change", "view")
        ),
        "catalogue.view_softcopy",
        "catalogue.view_digitisationjob",
        "catalogue.add_digitisationjob",
        "catalogue.change_digitisationjob",
        "catalogue.view_pagetable",
        "catalogue.change_pagetable",
        "scanning.change_scanrequest",
        "patrons.decide_softcopyrequest",
        "patrons.view_softcopyrequest",
        "patrons.view_patron",
        "feedback.view_surveyresponse",
        "feedback.view_complaintevent",
        # Top and zero-result queries (no reader stored): what the collection lacks.
        "indexing.view_searchquerycount",
    }
)

# Admin: everything of the library's own apps, scanner stations, and staff accounts —
# but only up to what the member holds (portal/admin_accounts.py: no self-promotion).
ADMIN: frozenset[str] = LIBRARIAN | frozenset(
    {
        "visitors.*",
        "catalogue.*",
        "feedback.*",
        "scanning.view_station",
        "scanning.add_station",
        "scanning.change_station",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "auth.add_group",
        "auth.change_group",
        # The sign-in audit (django-axes): see attempts and lockouts, end a lockout early.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
    }
)

STAFF_ROLES: dict[str, frozenset[str]] = {
    OFFICER_GROUP: OFFICER,
    LIBRARIAN_GROUP: LIBRARIAN,
    ADMIN_GROUP: ADMIN,
}


def _resolve(permission_model: Any, specs: frozenset[str], *, strict: bool = True) -> list[Any]:
    found: list[Any] = []
    for spec in sorted(specs):
        app_label, codename = spec.split(".")
        rows = permission_model.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            rows = rows.filter(codename=codename)
        rows = list(rows)
        if not rows and strict:
            raise LookupError(f"permission {spec} does not exist (see portal/roles.py)")
        found.extend(rows)
    return found


def _ensure_default_permissions(apps: Any) -> None:
    """Django makes default permissions only after all migrations; the groups need them."""
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        original = getattr(config, "models_module", None)  # historical stubs have none
        config.models_module = original or True
        try:
            create_permissions(config, apps=apps, verbosity=0)
        finally:
            config.models_module = original


def staff_roles_apply(apps: Any, schema_editor: Any = None, *, strict: bool = True) -> None:
    """Make each staff group hold exactly its row of the table (idempotent).

    ``strict=False`` (the migration) passes over permissions of models that a database
    being built has not reached yet; tests/security checks the groups against the table.
    """
    _ensure_default_permissions(apps)
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    for name, specs in STAFF_ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(_resolve(permission_model, specs, strict=strict))


def staff_roles_migrate(apps: Any, schema_editor: Any) -> None:
    """The data migration's step (see ``staff_roles_apply``)."""
    staff_roles_apply(apps, schema_editor, strict=False)


def staff_role_codes(name: str) -> set[str]:
    """The ``app.codename`` permissions the table gives a group, wildcards expanded."""
    from django.contrib.auth.models import Permission

    return {
        f"{p.content_type.app_label}.{p.codename}" for p in _resolve(Permission, STAFF_ROLES[name])
    }
