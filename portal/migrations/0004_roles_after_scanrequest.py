"""The roles table again, now that the scan queue's permissions are ``*_scanrequest``.

scanning 0004 renames ScanTask → ScanRequest and its permissions in place (issue 19), so
a database that had them keeps its grants. A database built from nothing may have run
0001-0003 here before that rename, when portal/roles.py's ``scanning.*_scanrequest`` did
not exist yet (passed over, strict=False); this step gives the groups their row again.
"""

from django.db import migrations

from portal.roles import staff_roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_librarians_see_search_report"),
        ("scanning", "0004_scantask_to_scanrequest"),
    ]

    operations = [migrations.RunPython(staff_roles_migrate, migrations.RunPython.noop)]
