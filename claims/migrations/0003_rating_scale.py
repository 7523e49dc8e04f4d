from django.db import migrations

from claims.scale import ensure_default_scale


def create_scale(apps, schema_editor):
    ensure_default_scale(apps.get_model("claims", "Rating"))


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]

    operations = [migrations.RunPython(create_scale, migrations.RunPython.noop)]
