"""Curators may edit and delete anyone's notes; a deleted note's text is cleared
(it stays in the note's history only)."""

from django.db import migrations, models

from claims.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("claims", "0027_the_desk")]

    operations = [
        migrations.AlterModelOptions(
            name="note",
            options={
                "ordering": ["claim_id", "created_at", "id"],
                "permissions": [("moderate_note", "Can edit and delete anyone's notes")],
            },
        ),
        migrations.RemoveConstraint(model_name="note", name="note_body_not_empty"),
        migrations.AddConstraint(
            model_name="note",
            constraint=models.CheckConstraint(
                condition=~models.Q(body="") | models.Q(deleted_at__isnull=False),
                name="note_body_not_empty",
            ),
        ),
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]
