# Web addresses: http or https only, stored in normal form (claims.fields.WebURLField).
# The column is unchanged; addresses stored with raw characters are percent-encoded.

from django.db import migrations
from django.db.models import Q

import claims.fields
from claims.domain.weburls import NotAWebAddress, normalise

# Characters a stored address may hold raw only from before this migration.
_RAW = ['"', "<", ">", " ", "{", "}", "|", "\\", "^", "`"]


def normalise_stored_addresses(apps, schema_editor):
    """Percent-encode what older addresses hold raw, where the result is free."""
    raw = Q()
    for character in _RAW:
        raw |= Q(url__contains=character)
    for name in ("Article", "Evidence"):
        model = apps.get_model("claims", name)
        for row in model.objects.filter(raw).only("pk", "url").iterator():
            try:
                url = normalise(row.url)
            except NotAWebAddress:
                continue  # not an http(s) address at all: left for a person to fix
            taken = model.objects.filter(url=url).exclude(pk=row.pk)
            if name == "Evidence":
                taken = taken.filter(verdict_id=model.objects.get(pk=row.pk).verdict_id)
            if not taken.exists():
                model.objects.filter(pk=row.pk).update(url=url)


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
        migrations.RunPython(normalise_stored_addresses, migrations.RunPython.noop),
    ]
