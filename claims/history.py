"""Nothing lost: every change to a claim and its parts, readable, and undoable.

django-simple-history keeps a historical row for every save and delete of
the tracked models (claims.models.RecordQuerySet adds the bulk writes). This
module reads those rows as a claim's timeline with before/after values,
restores an earlier version of a claim, and brings back a deleted claim with
its attributions, chain, figure, notes, verdict and links.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils.text import capfirst

from claims import models, services
from claims.domain.anchoring import diff_passage

# Fields that change with every save and say nothing to a reader.
_QUIET = {"id", "uid", "created_at", "updated_at", "version", "fingerprint"}
# The parts of a claim whose history is the claim's history, and what the
# timeline calls them.
_PARTS = [
    (models.Quantity, "figure"),
    (models.Attribution, "source"),
    (models.Note, "note"),
    (models.Verdict, "verdict"),
]
_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Children deleted with a claim are deleted within moments of it.
_CASCADE_WINDOW = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    words: list[tuple[str, str]] = field(default_factory=list)  # a word diff for long text


@dataclass(frozen=True)
class Entry:
    """One save or delete, as the claim's history shows it."""

    when: dt.datetime
    who: str
    what: str  # "claim", "figure", "source Lloyd Austin", "note", …
    action: str  # created, changed, deleted
    changes: list[Change]
    record_id: int | None = None  # for restoring a version of the claim itself


def _user_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else "the system"


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:16].replace("T", " ")
    return str(value)


def _named(model_field, pk) -> object:
    """What a foreign key pointed at, by name: "Jonas Berg", not 2."""
    if pk is None:
        return None
    related = model_field.related_model._base_manager.filter(pk=pk).first()
    return str(related) if related is not None else f"(removed, #{pk})"


def _changes(model, older, newer) -> list[Change]:
    changes = []
    for model_field in model._meta.concrete_fields:
        name = model_field.attname
        if model_field.name in _QUIET:
            continue
        before, after = getattr(older, name, None), getattr(newer, name, None)
        if before == after:
            continue
        label = capfirst(str(model_field.verbose_name))
        if model_field.choices:
            choices = dict(model_field.flatchoices)
            before, after = choices.get(before, before), choices.get(after, after)
        elif model_field.is_relation:
            before, after = _named(model_field, before), _named(model_field, after)
        words = []
        if isinstance(before, str) and isinstance(after, str) and max(len(before), len(after)) > 60:
            words = diff_passage(before, after)
        changes.append(Change(label, _shown(before), _shown(after), words))
    return changes


def _entries(model, records, what) -> list[Entry]:
    entries, last_of = [], {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = last_of.get(record.id)
        if record.history_type == "~" and previous is not None:
            changes = _changes(model, previous, record)
        else:
            changes = []
        last_of[record.id] = record
        if record.history_type == "~" and previous is not None and not changes:
            continue  # a save that changed nothing a reader cares about
        entries.append(
            Entry(
                when=record.history_date,
                who=_user_name(record.history_user),
                what=what(record) if callable(what) else what,
                action=_ACTIONS[record.history_type],
                changes=changes,
                record_id=record.history_id if model is models.Claim else None,
            )
        )
    return entries


def claim_history(claim: models.Claim, limit: int = 60) -> list[Entry]:
    """The claim's changes and its parts', newest first."""
    records = list(models.Claim.history.filter(id=claim.pk).select_related("history_user"))
    entries = _entries(models.Claim, records, "claim")
    for model, what in _PARTS:
        part_records = list(model.history.filter(claim_id=claim.pk).select_related("history_user"))
        if model is models.Attribution:
            names = dict(
                models.Source.objects.filter(
                    pk__in={r.source_id for r in part_records}
                ).values_list("pk", "name")
            )
            what = lambda r, names=names: f"source {names.get(r.source_id, '(merged or removed)')}"  # noqa: E731
        entries += _entries(model, part_records, what)
    links = models.Link.history.filter(
        Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk)
    ).select_related("history_user")
    entries += _entries(models.Link, list(links), "link")
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]


@transaction.atomic
def restore_version(claim: models.Claim, record_id: int) -> models.Claim:
    """Make the claim's own fields and figure what they were in that version."""
    record = models.Claim.history.get(id=claim.pk, history_id=record_id)
    figure = (
        models.Quantity.history.filter(claim_id=claim.pk, history_date__lte=record.history_date)
        .order_by("-history_date", "-history_id")
        .first()
    )
    base = services.claim_values(claim)
    wanted = dict(base)
    for name in services.CLAIM_FIELDS:
        wanted[name] = services.text_of(getattr(record, name))
    # A figure with no recorded history at all (loaded from fixtures or a
    # bulk import) has an unknown past: it is kept, not taken for absent.
    unrecorded = figure is None and not models.Quantity.history.filter(claim_id=claim.pk).exists()
    for name in services.QUANTITY_FIELDS if not unrecorded else ():
        had_figure = figure is not None and figure.history_type != "-"
        wanted[f"quantity_{name}"] = services.text_of(getattr(figure, name)) if had_figure else ""
    services.update_claim_details(claim, base=base, mine=wanted)
    status = record.status
    # Only publishing and unpublishing change what the public sees: a restore
    # leaves a published claim published, and does not publish one that is not.
    if models.Publication.objects.current().filter(claim_uid=claim.uid).exists():
        status = models.ClaimStatus.PUBLISHED
    elif status == models.ClaimStatus.PUBLISHED:
        rated = models.Verdict.objects.filter(claim=claim).exists()
        status = models.ClaimStatus.RATED if rated else models.ClaimStatus.IN_REVIEW
    models.Claim.objects.filter(pk=claim.pk).update(status=status, question_id=record.question_id)
    return models.Claim.objects.get(pk=claim.pk)


# Deleted claims -------------------------------------------------------------------------


@dataclass(frozen=True)
class DeletedClaim:
    record: object  # the historical row of the deletion
    article: models.Article | None

    @property
    def restorable(self) -> bool:
        return self.article is not None


def deleted_claims(limit: int = 100) -> list[DeletedClaim]:
    """Claims deleted and not brought back, most recent first."""
    records = (
        models.Claim.history.filter(history_type="-")
        .exclude(id__in=models.Claim.objects.values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    seen, found = set(), []
    for record in records[: limit * 2]:
        if record.id in seen:
            continue
        seen.add(record.id)
        found.append(record)
    articles = models.Article.objects.in_bulk({record.article_id for record in found})
    return [DeletedClaim(record, articles.get(record.article_id)) for record in found[:limit]]


class RestoreRefused(Exception):
    pass


@transaction.atomic
def restore_deleted_claim(record_id: int) -> models.Claim:
    """Bring back a deleted claim with the parts deleted with it."""
    record = models.Claim.history.get(history_id=record_id, history_type="-")
    if models.Claim.objects.filter(pk=record.id).exists():
        raise RestoreRefused("This claim is here already.")
    if not models.Article.objects.filter(pk=record.article_id).exists():
        raise RestoreRefused("Its article was deleted too: restore the article first.")
    deleted_at = record.history_date
    window = Q(
        history_type="-",
        history_date__gte=deleted_at - _CASCADE_WINDOW,
        history_date__lte=deleted_at,
    )

    def bring_back(model, rows) -> list:
        restored = []
        for row in rows:
            if not model.objects.filter(pk=row.id).exists():
                instance = row.instance
                instance.save(force_insert=True)
                restored.append(instance)
        return restored

    claim = record.instance
    claim.save(force_insert=True)
    bring_back(models.Quantity, models.Quantity.history.filter(window, claim_id=claim.pk))
    attributions = bring_back(
        models.Attribution, models.Attribution.history.filter(window, claim_id=claim.pk)
    )
    bring_back(
        models.Conduit,
        models.Conduit.history.filter(window, attribution_id__in=[a.pk for a in attributions]),
    )
    bring_back(models.Note, models.Note.history.filter(window, claim_id=claim.pk))
    verdicts = bring_back(models.Verdict, models.Verdict.history.filter(window, claim_id=claim.pk))
    bring_back(
        models.Evidence,
        models.Evidence.history.filter(window, verdict_id__in=[v.pk for v in verdicts]),
    )
    links = list(
        models.Link.history.filter(window).filter(
            Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk)
        )
    )
    # A link comes back only if the claim at its other end is still here.
    ends = {end for row in links for end in (row.from_claim_id, row.to_claim_id)}
    existing = set(models.Claim.objects.filter(pk__in=ends).values_list("pk", flat=True))
    bring_back(
        models.Link, [row for row in links if {row.from_claim_id, row.to_claim_id} <= existing]
    )
    return claim


def changes_since(instance, version: int) -> tuple[str, dt.datetime | None, list[Change]]:
    """Who changed a versioned record after `version`, when, and what: (who, when, changes)."""
    model = type(instance)
    records = list(
        model.history.filter(id=instance.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    seen = next((r for r in reversed(records) if r.version == version), None)
    latest = records[-1] if records else None
    if latest is None or seen is None or latest.history_id == seen.history_id:
        return "someone", None, []
    return _user_name(latest.history_user), latest.history_date, _changes(model, seen, latest)
