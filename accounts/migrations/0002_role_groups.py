from django.db import migrations


def sync_role_groups(apps, schema_editor):
    # The current service, not historical models: the groups must match the
    # permissions of the code being deployed, and the service is idempotent.
    from accounts.services import role_groups_sync

    role_groups_sync(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    """Create the admin groups of the operator, administrator and auditor roles."""

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
