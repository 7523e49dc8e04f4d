from django.db import migrations

from claims.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("claims", "0025_verdict_imported_label")]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
