import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from claims.roles import sync_roles


def snapshot_published_claims(apps, schema_editor):
    """Every claim already published keeps its public page: freeze it as it stands.

    A copy of claims.publishing.snapshot_of for the models as they are at this
    migration, so that later changes to the app cannot change what it does.
    """
    Claim = apps.get_model("claims", "Claim")
    Rating = apps.get_model("claims", "Rating")
    Publication = apps.get_model("claims", "Publication")
    values = list(Rating.objects.values_list("value", flat=True))
    if not values:
        return
    worst, best = min(values), max(values)
    published = (
        Claim.objects.filter(verdict__published_at__isnull=False)
        .select_related("article__outlet", "verdict__rating")
        .order_by("id")
    )
    rows = []
    for claim in published.iterator(chunk_size=500):
        if Publication.objects.filter(claim_uid=claim.uid).exists():
            continue
        article, verdict = claim.article, claim.verdict
        attributions = claim.attributions.select_related("source").order_by("position", "id")
        content = {
            "statement": claim.statement,
            "quote": claim.quote,
            "article": {
                "title": article.title,
                "url": article.url,
                "outlet": article.outlet.name,
                "language": article.language,
                "published_on": article.published_on.isoformat() if article.published_on else "",
            },
            "sources": [
                {"name": a.source.name, "kind": a.source.kind, "role": a.role} for a in attributions
            ],
            "claim_date": claim.refers_to.isoformat() if claim.refers_to else "",
            "rating": {
                "label": verdict.rating.label,
                "slug": verdict.rating.slug,
                "value": verdict.rating.value,
                "worst": worst,
                "best": best,
            },
            "reasoning": verdict.reasoning,
            "evidence": [{"url": e.url, "title": e.title} for e in verdict.evidence.order_by("id")],
        }
        rows.append(
            Publication(
                uid=uuid.uuid4(),
                claim_uid=claim.uid,
                number=1,
                is_current=True,
                content=content,
                first_published_at=verdict.published_at,
            )
        )
        if claim.status != "published":
            Claim.objects.filter(pk=claim.pk).update(status="published")
    Publication.objects.bulk_create(rows, batch_size=500)


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0018_sqlite_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Publication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("claim_uid", models.UUIDField(db_index=True)),
                (
                    "number",
                    models.PositiveIntegerField(help_text="1 for the first snapshot of the claim."),
                ),
                ("is_current", models.BooleanField(default=True)),
                (
                    "content",
                    models.JSONField(
                        help_text="Statement, quote, article, sources, rating, reasoning, evidence, claim date."
                    ),
                ),
                (
                    "first_published_at",
                    models.DateTimeField(help_text="ClaimReview's datePublished."),
                ),
                (
                    "modified_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When an update replaced the first text: dateModified.",
                        null=True,
                    ),
                ),
                ("correction_note", models.TextField(blank=True, help_text="Shown to the public.")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                ("withdrawal_reason", models.TextField(blank=True)),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["claim_uid", "number"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("is_current", True)),
                        fields=["-first_published_at", "-id"],
                        name="publication_feed",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_current", True)),
                        fields=("claim_uid",),
                        name="publication_one_current",
                    ),
                    models.UniqueConstraint(
                        fields=("claim_uid", "number"), name="publication_number_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("withdrawn_at__isnull", True),
                            models.Q(
                                models.Q(("withdrawal_reason", ""), _negated=True),
                                ("is_current", False),
                            ),
                            _connector="OR",
                        ),
                        name="publication_withdrawn_with_a_reason",
                    ),
                ],
            },
        ),
        migrations.RunPython(snapshot_published_claims, migrations.RunPython.noop),
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]
