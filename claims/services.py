"""Writes that touch several models, each in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from claims.models import Article, Attribution, Conduit, Source, SourceAlias


@dataclass(frozen=True)
class MergeResult:
    kept: Source
    merged_names: list[str]
    attributions_moved: int
    attributions_combined: int


@transaction.atomic
def merge_sources(kept: Source, duplicates: list[Source]) -> MergeResult:
    """Fold duplicate sources into `kept`, losing nothing but the duplicates.

    Attributions, conduits, articles (for outlets), members and aliases move to
    the kept source; each duplicate's own name becomes an alias. Where a claim
    was attributed to both, the two attributions become one that keeps the
    kept source's role and mode (the duplicate's fill any blanks) and both
    chains of conduits.
    """
    duplicates = [source for source in duplicates if source.pk != kept.pk]
    if not duplicates:
        raise ValueError("Choose at least one other source to merge into the kept one.")
    duplicate_ids = [source.pk for source in duplicates]
    kept = Source.objects.select_for_update().get(pk=kept.pk)

    moved = combined = 0
    kept_by_claim = {a.claim_id: a for a in Attribution.objects.filter(source=kept)}
    for attribution in Attribution.objects.filter(source_id__in=duplicate_ids).order_by("id"):
        existing = kept_by_claim.get(attribution.claim_id)
        if existing is None:
            attribution.source = kept
            attribution.save(update_fields=["source"])
            kept_by_claim[attribution.claim_id] = attribution
            moved += 1
            continue
        _combine_attributions(existing, attribution)
        combined += 1

    Conduit.objects.filter(source_id__in=duplicate_ids).update(source=kept)
    Article.objects.filter(outlet_id__in=duplicate_ids).update(outlet=kept)
    Source.objects.filter(affiliation_id__in=duplicate_ids).exclude(pk=kept.pk).update(
        affiliation=kept
    )
    if kept.affiliation_id in duplicate_ids:
        kept.affiliation = None

    known_names = {kept.name.casefold()} | {
        name.casefold() for name in kept.aliases.values_list("name", flat=True)
    }
    for duplicate in duplicates:
        for alias in duplicate.aliases.all():
            if alias.name.casefold() in known_names:
                continue  # the kept source already goes by this name
            alias.source = kept
            alias.save(update_fields=["source"])
            known_names.add(alias.name.casefold())
        if duplicate.name.casefold() not in known_names:
            SourceAlias.objects.create(source=kept, name=duplicate.name)
            known_names.add(duplicate.name.casefold())
        for field in ("description", "country", "organisation_type", "assessment_note"):
            if not getattr(kept, field) and getattr(duplicate, field):
                if field == "organisation_type" and kept.kind != duplicate.kind:
                    continue
                setattr(kept, field, getattr(duplicate, field))
        if not kept.wikidata_id and duplicate.wikidata_id:
            kept.wikidata_id = duplicate.wikidata_id
            # The identifier is unique: free it before the kept source takes it.
            Source.objects.filter(pk=duplicate.pk).update(wikidata_id="")

    names = [duplicate.name for duplicate in duplicates]
    Source.objects.filter(pk__in=duplicate_ids).delete()
    kept.save()
    return MergeResult(kept, names, moved, combined)


def _combine_attributions(kept: Attribution, duplicate: Attribution) -> None:
    """Make one attribution of two to the same claim; the chain of both survives."""
    changed = []
    if not kept.role and duplicate.role:
        kept.role = duplicate.role
        changed.append("role")
    if changed:
        kept.save(update_fields=changed)
    next_position = (kept.chain.aggregate(last=Max("position"))["last"] or -1) + 1
    kept_labels = set(kept.chain.values_list("label", flat=True))
    for conduit in duplicate.chain.order_by("position"):
        if conduit.label in kept_labels:
            continue
        conduit.attribution = kept
        conduit.position = next_position
        conduit.save(update_fields=["attribution", "position"])
        next_position += 1
    duplicate.delete()
