"""Librarians see the search report (top and zero-result queries) — portal/roles.py.

Runs the roles table again, now that the search query counts' permissions exist.
"""

from django.db import migrations

from portal.roles import staff_roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_admin_sees_signin_audit"),
        ("indexing", "0003_search_query_count"),
    ]

    operations = [migrations.RunPython(staff_roles_migrate, migrations.RunPython.noop)]
