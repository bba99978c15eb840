"""The three staff groups hold exactly the permissions of ``portal/roles.py`` (issue 15).

Earlier data migrations (visitors 0002, scanning 0002, patrons 0002, feedback 0002) gave
the groups their permissions bit by bit; the officer lacked nothing but the groups lacked
the digitisation permissions and the Admin group the stations. From here on the table in
``portal/roles.py`` is the one source. Reversing leaves the groups as they are.
"""

from django.db import migrations

from portal.roles import staff_roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The desk permissions exist from here; no later visitors migration is needed (and
        # tests that move visitors' schema back and forth then leave this one applied).
        ("visitors", "0003_desk_permissions"),
        ("catalogue", "0005_page_tables"),
        ("scanning", "0002_staff_group_permissions"),
        ("patrons", "0002_librarians_decide_requests"),
        ("feedback", "0002_staff_permissions"),
    ]

    operations = [migrations.RunPython(staff_roles_migrate, migrations.RunPython.noop)]
