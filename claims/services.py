"""Writes that touch several models, each in one transaction."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from claims import notifications
from claims.domain.anchoring import Anchor, describe, locate
from claims.domain.numbers import ParsedQuantity
from claims.models import (
    Article,
    ArticleRevision,
    Attribution,
    Claim,
    ClaimStatus,
    Conduit,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evidence,
    Link,
    LinkType,
    Publication,
    Quantity,
    Question,
    Rating,
    Source,
    SourceAlias,
    Verdict,
)
from claims.publishing import claims_to_snapshot, rating_scale, snapshot_of


@dataclass(frozen=True)
class MergeResult:
    kept: Source
    merged_names: list[str]
    attributions_moved: int
    attributions_combined: int


def next_position_in(rows) -> int:
    """The position after the last one of an ordered set (0 when it is empty)."""
    last = rows.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


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
    next_position = next_position_in(kept.chain)
    kept_labels = set(kept.chain.values_list("label", flat=True))
    for conduit in duplicate.chain.order_by("position"):
        if conduit.label in kept_labels:
            continue
        conduit.attribution = kept
        conduit.position = next_position
        conduit.save(update_fields=["attribution", "position"])
        next_position += 1
    duplicate.delete()


# Claims -------------------------------------------------------------------------


class StaleEdit(Exception):
    """Someone else changed the same fields since this editor opened the form."""

    def __init__(self, current: dict[str, str], conflicts: dict[str, str]):
        super().__init__("Changed by someone else since you opened it.")
        self.current = current  # every editable field as it now stands
        self.conflicts = conflicts  # field: the other editor's value


@transaction.atomic
def create_claim(
    article: Article,
    anchor: Anchor,
    *,
    statement: str,
    kind: str,
    by: User,
    figure: ParsedQuantity | None = None,
    counted: str = "",
) -> Claim:
    """A new claim on the passage, with the figure read from it if one is given."""
    claim = Claim.objects.create(
        article=article,
        quote=anchor.quote,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        start=anchor.start,
        end=anchor.end,
        statement=statement.strip(),
        kind=kind,
        created_by=by,
    )
    if figure is not None:
        Quantity.objects.create(
            claim=claim,
            low=figure.low,
            high=figure.high,
            qualifier=figure.qualifier.value,
            unit=figure.unit.value,
            precision=figure.precision,
            counted=counted[:200],
            wording=figure.wording[:200],
        )
    notifications.follow(user=by, claim=claim)  # editors follow what they mark
    return claim


CLAIM_FIELDS = ("statement", "kind", "refers_to")
QUANTITY_FIELDS = ("low", "high", "qualifier", "unit", "precision", "counted", "wording")


def text_of(value) -> str:
    """One spelling per value, so that 3000 and 3000.000000 compare equal."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def stored_quantity(claim: Claim) -> Quantity | None:
    """The claim's figure: the one loaded with it, or read now (and kept)."""
    try:
        return claim.quantity
    except Quantity.DoesNotExist:
        return None


def claim_values(claim: Claim) -> dict[str, str]:
    """The editable fields of a claim and its figure, as comparable text."""
    quantity = stored_quantity(claim)
    values = {name: text_of(getattr(claim, name)) for name in CLAIM_FIELDS}
    for name in QUANTITY_FIELDS:
        values[f"quantity_{name}"] = text_of(getattr(quantity, name)) if quantity else ""
    return values


def merge_edit(base: dict[str, str], mine: dict[str, str], current: dict[str, str]):
    """Three-way merge of one editor's change with what is stored now.

    Returns (merged, conflicts): a field someone else changed the same way, or
    one this editor left alone, is no conflict; only two different changes to
    one field are.
    """
    merged, conflicts = dict(current), {}
    for field, value in mine.items():
        if value == base.get(field, value):
            continue  # this editor did not touch it
        if current[field] in (base.get(field), value):
            merged[field] = value
        else:
            conflicts[field] = current[field]
    return merged, conflicts


@transaction.atomic
def update_claim_details(claim: Claim, *, base: dict[str, str], mine: dict[str, str]) -> Claim:
    """Save an editor's changes to the claim and its figure, merged with any
    change saved since they opened the form; two changes to one field refuse."""
    current = Claim.objects.select_for_update().get(pk=claim.pk)
    stored = claim_values(current)
    merged, conflicts = merge_edit(base, mine, stored)
    if conflicts:
        raise StaleEdit(stored, conflicts)
    if merged == stored:
        return current
    current.statement = merged["statement"]
    current.kind = merged["kind"]
    current.refers_to = dt.date.fromisoformat(merged["refers_to"]) if merged["refers_to"] else None
    current.save()
    quantity_values = {name: merged[f"quantity_{name}"] for name in QUANTITY_FIELDS}
    if all(quantity_values[name] == stored[f"quantity_{name}"] for name in QUANTITY_FIELDS):
        return current  # the figure is as it was: no save, no empty change in its history
    existing = stored_quantity(current)  # read by claim_values, under the claim's lock
    if not (quantity_values["low"] or quantity_values["high"]):
        if existing:
            existing.delete()
        return current
    quantity = existing or Quantity(claim=current)
    for name, value in quantity_values.items():
        if name in {"low", "high", "precision"}:
            value = Decimal(value) if value else None
        setattr(quantity, name, value)
    quantity.save()
    return current


def touch(claim: Claim) -> None:
    """Count a change to one of the claim's parts as a change to the claim.

    The version is left alone: it guards the claim's own fields, and adding a
    note must not make another editor's open form stale.
    """
    Claim.objects.filter(pk=claim.pk).update(updated_at=timezone.now())


@transaction.atomic
def attribute(claim: Claim, source: Source, *, role: str, mode: str) -> tuple[Attribution, bool]:
    """Attribute the claim to the source; (attribution, created)."""
    # Under the claim's lock, a double-click's second request finds the first's
    # attribution instead of colliding with it.
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    existing = Attribution.objects.filter(claim=claim, source=source).first()
    if existing:
        return existing, False
    position = next_position_in(claim.attributions)
    attribution = Attribution.objects.create(
        claim=claim, source=source, role=role.strip(), mode=mode, position=position
    )
    touch(claim)
    return attribution, True


@transaction.atomic
def create_source(name: str, kind: str, *, by: User) -> Source:
    """A source made by an editor on the spot: unreviewed until a curator looks."""
    return Source.objects.create(name=name.strip(), kind=kind, created_by=by)


@transaction.atomic
def attribute_to_new_source(
    claim: Claim, *, name: str, kind: str, role: str, mode: str, by: User
) -> tuple[Attribution, bool]:
    """Create a source on the spot and attribute the claim to it; (attribution, created).

    Under the claim's lock, a double-click's second request finds the source
    the first one made for this claim, instead of making a twin of it.
    """
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    made = Attribution.objects.filter(
        claim=claim, source__name=name.strip(), source__kind=kind, source__reviewed_at__isnull=True
    ).first()
    if made is not None:
        return made, False
    return attribute(claim, create_source(name, kind, by=by), role=role, mode=mode)


@transaction.atomic
def add_conduit(attribution: Attribution, *, label: str, source: Source | None) -> Conduit:
    """Add a step to the chain; the same step added again (a double-click, a
    retry) is the one already there."""
    # The attribution's lock makes simultaneous additions take turns for a position.
    Attribution.objects.select_for_update().filter(pk=attribution.pk).first()
    same = attribution.chain.filter(label=label.strip(), source=source).first()
    if same is not None:
        return same
    position = next_position_in(attribution.chain)
    conduit = Conduit.objects.create(
        attribution=attribution, position=position, label=label.strip(), source=source
    )
    touch(attribution.claim)
    return conduit


class StatusRefused(Exception):
    pass


@transaction.atomic
def change_status(claim: Claim, status: str, *, by: User | None = None) -> Claim:
    """Move a claim to a status; rated and published need a verdict first.

    Choosing "published" publishes the claim; a published claim leaves that
    status only by being unpublished, with a reason, so that the public page
    never goes up or down unnoticed.
    """
    verdict = Verdict.objects.filter(claim=claim).first()
    if status in {ClaimStatus.RATED, ClaimStatus.PUBLISHED} and verdict is None:
        raise StatusRefused("Rate the claim first: choose a rating and give your reasoning below.")
    if status == ClaimStatus.RATED and verdict.rating_id is None:
        raise StatusRefused(
            f"Another newsroom rated this “{verdict.imported_label}”, which is not one of our "
            "ratings: choose one below to settle it."
        )
    published = Publication.objects.current().filter(claim_uid=claim.uid).exists()
    if status == ClaimStatus.PUBLISHED:
        if not published:
            publish(claim, by=by)
        return claim
    if published:
        raise StatusRefused(
            "This claim is published. To change its status, unpublish it first and say why."
        )
    before, claim.status = claim.status, status
    claim.save(update_fields=["status"])
    notifications.status_changed(claim=claim, before=before, by=by)
    return claim


@transaction.atomic
def save_verdict(
    claim: Claim, *, rating: Rating, reasoning: str, evidence: list[str], by: User
) -> Verdict:
    """Rate the claim (or change its rating) and keep its evidence links in step."""
    verdict, _ = Verdict.objects.update_or_create(
        claim=claim,
        defaults={"rating": rating, "reasoning": reasoning.strip(), "reviewer": by,
                  "reviewed_on": timezone.localdate()},
    )  # fmt: skip
    verdict.evidence.exclude(url__in=evidence).delete()
    known = set(verdict.evidence.values_list("url", flat=True))
    Evidence.objects.bulk_create(
        [Evidence(verdict=verdict, url=url) for url in evidence if url not in known]
    )
    if claim.status in {ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.NOT_CHECKABLE}:
        before, claim.status = claim.status, ClaimStatus.RATED
        claim.save(update_fields=["status"])
        notifications.status_changed(claim=claim, before=before, by=by)
    else:
        touch(claim)
    return verdict


@transaction.atomic
def link_claims(claim: Claim, other: Claim, *, type: str, reason: str, by: User) -> Link:
    """Link two claims, unless they are linked so already (either way, for a link that
    reads the same both ways): the pair would show twice in each claim's panel."""
    if claim.pk == other.pk:
        raise ValueError("A claim cannot be linked to itself.")
    existing = _existing_link(claim.pk, other.pk, type)
    if existing is not None:
        raise LinkExists(existing)
    return Link.objects.create(
        from_claim=claim, to_claim=other, type=type, reason=reason.strip(), created_by=by
    )


# Links that read the same both ways: A contradicts B is B contradicts A.
SYMMETRIC_LINKS = frozenset({LinkType.CONTRADICTS, LinkType.SAME_CLAIM})


class LinkExists(ValueError):
    def __init__(self, link: Link):
        self.link = link
        super().__init__(
            f"These two claims are already linked ({link.get_type_display()}): nothing was added."
        )


def _existing_link(claim_id: int, other_id: int, type: str) -> Link | None:
    """The link of this type between the two claims, after locking both (in a fixed order,
    so that two editors linking the same pair take turns rather than both adding it)."""
    locked = Claim.objects.select_for_update().filter(pk__in=[claim_id, other_id])
    list(locked.order_by("pk").values_list("pk", flat=True))
    pair = Q(from_claim_id=claim_id, to_claim_id=other_id)
    if type in SYMMETRIC_LINKS:
        pair |= Q(from_claim_id=other_id, to_claim_id=claim_id)
    return Link.objects.filter(pair, type=type).select_related("from_claim", "to_claim").first()


@transaction.atomic
def file_under_question(
    claim: Claim, *, question: Question | None, new_text: str, new_counted: str, by: User
) -> Claim:
    """File the claim under an existing question, a new one, or none."""
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if new_text:
        # The same new question sent twice at once is made once: the second
        # request files the claim under the first one's question.
        question = Question.objects.filter(text__iexact=new_text).first()
        if question is None:
            try:
                with transaction.atomic():
                    question = Question.objects.create(
                        text=new_text,
                        counted=new_counted.strip(),
                        unit=getattr(getattr(claim, "quantity", None), "unit", "count"),
                        created_by=by,
                    )
            except IntegrityError:
                question = Question.objects.get(text=new_text)
            else:
                notifications.follow(user=by, question=question)  # its asker hears of conflicts
    claim.question = question
    claim.save(update_fields=["question"])
    return claim


@transaction.atomic
def delete_claim(*, claim_id: int) -> bool:
    """Delete the claim, recoverably; False when it was deleted already.

    Under the claim's lock, so that a delete sent twice (or by two editors at
    once) records one deletion in its history, not one per request.
    """
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        return False
    claim.delete()
    return True


# Conflicts ----------------------------------------------------------------------------


class DecisionRefused(Exception):
    pass


def _record_decision(
    conflict: Conflict, status: str, *, by: User | None, note: str, link: Link | None = None
) -> Conflict:
    conflict.status, conflict.link, conflict.decision_note = status, link, note.strip()
    conflict.decided_by, conflict.decided_at = by, timezone.now() if by else None
    conflict.save()
    return conflict


@transaction.atomic
def confirm_conflict(conflict: Conflict, *, by: User, note: str = "") -> Conflict:
    """The editor agrees the two claims cannot both be true: link them."""
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.status == ConflictStatus.CONFIRMED:
        return conflict
    link_type = LinkType.UPDATES if conflict.kind == ConflictKind.UPDATES else LinkType.CONTRADICTS
    # An editor may have linked the pair already, perhaps the other way round: keep that link.
    first, second = conflict.first_claim_id, conflict.second_claim_id
    link = _existing_link(first, second, link_type) or Link.objects.create(
        from_claim_id=first,
        to_claim_id=second,
        type=link_type,
        reason=note.strip() or conflict.reason,
        created_by=by,
    )
    return _record_decision(conflict, ConflictStatus.CONFIRMED, by=by, note=note, link=link)


@transaction.atomic
def dismiss_conflict(conflict: Conflict, *, by: User, note: str) -> Conflict:
    """The editor judges the two claims compatible after all; the reason is kept."""
    if not note.strip():
        raise DecisionRefused("Say why the two claims do not conflict, for the next editor.")
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    return _record_decision(conflict, ConflictStatus.DISMISSED, by=by, note=note)


@transaction.atomic
def reopen_conflict(conflict: Conflict) -> Conflict:
    """Undo a decision: the pair is to decide again; a link made on confirming goes."""
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.link_id:
        Link.objects.filter(pk=conflict.link_id).delete()
    return _record_decision(conflict, ConflictStatus.SUGGESTED, by=None, note="")


# Corrections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionReport:
    """What a correction did to the article's claims."""

    revision: ArticleRevision | None  # None when the text did not change
    kept: int  # the passage is where it was, word for word
    moved: int  # found word for word elsewhere in the new text
    adjusted: int  # found with small changes: the quote now reads as the new text
    orphaned: int  # the passage is gone: listed for editors, anchored in the old text
    recovered: int  # orphaned before, found again in this text


@transaction.atomic
def correct_article(
    article: Article,
    new_body: str,
    *,
    note: str,
    by: User | None,
    expected_version: int | None = None,
) -> CorrectionReport:
    """Replace the article's text with a corrected one, keeping the old as a
    revision and re-anchoring every claim to the new text."""
    current = Article.objects.select_for_update().get(pk=article.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(
            {"body": current.body}, {"body": "The text was corrected by someone else meanwhile."}
        )
    if not new_body.strip():
        raise ValueError("The corrected text is empty.")
    if new_body == current.body:
        return CorrectionReport(None, 0, 0, 0, 0, 0)
    number = (current.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    revision = ArticleRevision.objects.create(
        article=current, number=number, body=current.body, note=note.strip()[:500], created_by=by
    )
    current.body = new_body
    current.save()
    counts = dict.fromkeys(("kept", "moved", "adjusted", "orphaned", "recovered"), 0)
    for claim in current.claims.select_for_update():
        match = locate(
            new_body, Anchor(claim.quote, claim.prefix, claim.suffix, claim.start, claim.end)
        )
        if match is None:
            if claim.orphaned_from_id is None:
                claim.orphaned_from = revision
                claim.save(update_fields=["orphaned_from"])
                counts["orphaned"] += 1
            continue
        anchor = describe(new_body, match.start, match.end)
        if claim.orphaned_from_id is not None:
            counts["recovered"] += 1
        elif not match.exact:
            counts["adjusted"] += 1
        elif anchor.start == claim.start:
            counts["kept"] += 1
        else:
            counts["moved"] += 1
        reanchor_claim(claim, anchor)
    # Imported here: the suggestion service writes claims through this module.
    from claims.suggesting import compute_after_commit

    compute_after_commit(current)
    return CorrectionReport(revision, **counts)


@transaction.atomic
def reanchor_claim(claim: Claim, anchor: Anchor) -> Claim:
    """Point a claim at a passage of the article's current text; an orphaned
    claim stops being one."""
    claim.quote, claim.prefix, claim.suffix = anchor.quote, anchor.prefix, anchor.suffix
    claim.start, claim.end, claim.orphaned_from = anchor.start, anchor.end, None
    claim.save(update_fields=["quote", "prefix", "suffix", "start", "end", "orphaned_from"])
    return claim


# Publishing -------------------------------------------------------------------------------


class PublishRefused(Exception):
    pass


def _claim_to_publish(claim: Claim) -> Claim:
    """The claim locked and read afresh, with all a snapshot reads; it must be rated."""
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    claim = claims_to_snapshot().get(pk=claim.pk)
    if getattr(claim, "verdict", None) is None:
        raise PublishRefused("Rate the claim first: choose a rating and give your reasoning below.")
    return claim


def _snapshot(
    claim: Claim, *, by: User | None, first_published_at, modified_at, note: str, number: int
) -> Publication:
    now = timezone.now()
    Publication.objects.filter(claim_uid=claim.uid, is_current=True).update(is_current=False)
    publication = Publication.objects.create(
        claim_uid=claim.uid,
        number=number,
        content=snapshot_of(claim, rating_scale()),
        first_published_at=first_published_at or now,
        modified_at=modified_at,
        correction_note=note.strip(),
        published_by=by,
    )
    if claim.status != ClaimStatus.PUBLISHED:
        claim.status = ClaimStatus.PUBLISHED
        claim.save(update_fields=["status"])
    Verdict.objects.filter(claim=claim).update(published_at=publication.first_published_at)
    return publication


def _next_number(claim: Claim) -> int:
    last = Publication.objects.filter(claim_uid=claim.uid).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def publish(claim: Claim, *, by: User | None) -> Publication:
    """Put the rated claim on its public page, as it stands now."""
    claim = _claim_to_publish(claim)
    current = Publication.objects.current().filter(claim_uid=claim.uid).first()
    if current is not None:
        return current
    publication = _snapshot(
        claim, by=by, first_published_at=None, modified_at=None, note="",
        number=_next_number(claim),
    )  # fmt: skip
    notifications.published(claim=claim, by=by)
    return publication


@transaction.atomic
def publish_update(claim: Claim, *, by: User | None, correction_note: str = "") -> Publication:
    """Replace the public page with the claim as it stands now, dated as an update."""
    claim = _claim_to_publish(claim)
    current = Publication.objects.current().select_for_update().filter(claim_uid=claim.uid).first()
    if current is None:
        raise PublishRefused("This claim is not published: publish it first.")
    publication = _snapshot(
        claim, by=by, first_published_at=current.first_published_at, modified_at=timezone.now(),
        note=correction_note, number=current.number + 1,
    )  # fmt: skip
    notifications.published(claim=claim, by=by, update=True)
    return publication


@transaction.atomic
def unpublish(claim: Claim, *, by: User | None, reason: str) -> Publication:
    """Take the public page down, saying why; the snapshots are kept."""
    if not reason.strip():
        raise PublishRefused("Say why the fact check is taken down: the reason is kept.")
    current = Publication.objects.current().select_for_update().filter(claim_uid=claim.uid).first()
    if current is None:
        raise PublishRefused("This claim is not published.")
    current.is_current = False
    current.withdrawn_at, current.withdrawn_by = timezone.now(), by
    current.withdrawal_reason = reason.strip()
    current.save()
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.RATED)
    Verdict.objects.filter(claim=claim).update(published_at=None)
    notifications.unpublished(claim=claim, by=by)
    return current
