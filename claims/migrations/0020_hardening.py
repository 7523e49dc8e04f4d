# Web addresses: http or https only, stored in normal form (claims.fields.WebURLField).
# The database column is unchanged; only the validation and the form field are.

from django.db import migrations

import claims.fields


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0019_publications"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="url",
            field=claims.fields.WebURLField(blank=True, max_length=2000, verbose_name="URL"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="url",
            field=claims.fields.WebURLField(max_length=2000, verbose_name="URL"),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="url",
            field=claims.fields.WebURLField(blank=True, max_length=2000, verbose_name="URL"),
        ),
        migrations.AlterField(
            model_name="historicalevidence",
            name="url",
            field=claims.fields.WebURLField(max_length=2000, verbose_name="URL"),
        ),
    ]
