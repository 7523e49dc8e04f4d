"""One link per pair for links that read the same both ways; word search on SQLite."""

import django.db.models.functions.comparison
from django.db import migrations, models

SYMMETRIC = ["contradicts", "same_claim"]


def merge_reversed_links(apps, schema_editor):
    """Before the constraint: where a pair was linked both ways, keep the older link and
    point any conflict confirmed through the newer one at it."""
    Link = apps.get_model("claims", "Link")
    Conflict = apps.get_model("claims", "Conflict")
    kept: dict[tuple[int, int, str], int] = {}
    for link in Link.objects.filter(type__in=SYMMETRIC).order_by("id").iterator():
        pair = (
            min(link.from_claim_id, link.to_claim_id),
            max(link.from_claim_id, link.to_claim_id),
            link.type,
        )
        if pair not in kept:
            kept[pair] = link.id
            continue
        Conflict.objects.filter(link_id=link.id).update(link_id=kept[pair])
        link.delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_order_by_foreign_key_columns")]

    operations = [
        migrations.RunPython(merge_reversed_links, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="link",
            constraint=models.UniqueConstraint(
                django.db.models.functions.comparison.Least("from_claim", "to_claim"),
                django.db.models.functions.comparison.Greatest("from_claim", "to_claim"),
                models.F("type"),
                condition=models.Q(("type__in", SYMMETRIC)),
                name="link_symmetric_unique",
            ),
        ),
    ]
