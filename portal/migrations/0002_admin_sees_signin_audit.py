"""The Admin group sees the sign-in audit and may end a lockout (portal/roles.py).

Runs the roles table again, now that django-axes' permissions exist.
"""

from django.db import migrations

from portal.roles import staff_roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_staff_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(staff_roles_migrate, migrations.RunPython.noop)]
