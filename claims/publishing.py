"""One claim record feeding the formats the rest of the world reads: W3C Web
Annotations and schema.org ClaimReview. The formats themselves live in
claims.formats; this module only reads the models into their inputs."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse

from claims import models
from claims.domain.anchoring import diff_passage
from claims.formats import annotations
from claims.formats.claimreview import ReviewedClaim, write_claimreview

ANNOTATION_CONTENT_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def absolute(request: HttpRequest, path: str) -> str:
    """An absolute address: on the newsroom's public host when one is set."""
    base = settings.NEWSROOM_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def claims_for_annotation():
    return models.Claim.objects.select_related(
        "article", "verdict__rating", "created_by"
    ).prefetch_related(
        Prefetch("attributions", queryset=models.Attribution.objects.select_related("source")),
        Prefetch("notes", queryset=published_notes()),
    )


def published_notes():
    """The notes that go out in exports: deleted ones never do."""
    return models.Note.objects.filter(deleted_at__isnull=True).select_related("author", "parent")


def _note_id(annotation_id: str, note: models.Note) -> str:
    return f"{annotation_id}#note-{note.uid}"


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def annotated_claim(request: HttpRequest, claim: models.Claim) -> annotations.AnnotatedClaim:
    article = claim.article
    verdict = getattr(claim, "verdict", None)
    annotation_id = absolute(request, reverse("api-claim-annotation", args=[claim.pk]))
    return annotations.AnnotatedClaim(
        id=annotation_id,
        page_url=absolute(request, claim.get_absolute_url()),
        article_id=absolute(request, article.get_absolute_url()),
        article_url=article.url,
        article_title=article.title,
        language=article.language,
        quote=claim.quote,
        prefix=claim.prefix,
        suffix=claim.suffix,
        start=claim.start,
        end=claim.end,
        statement=claim.statement,
        kind=claim.kind,
        status=claim.status,
        sources=tuple(
            annotations.AnnotatedSource(
                name=a.source.name,
                kind=a.source.kind,
                url=absolute(request, a.source.get_absolute_url()),
                role=a.role,
                mode=a.get_mode_display(),
            )
            for a in claim.attributions.all()
        ),
        created=claim.created_at,
        modified=claim.updated_at,
        rating_label=verdict.rating_label if verdict else "",
        creator_name=_name(claim.created_by),
        notes=tuple(
            annotations.AnnotatedNote(
                id=_note_id(annotation_id, note),
                body=note.body,
                author_name=_name(note.author),
                created=note.created_at,
                modified=note.edited_at,
                replies_to=_note_id(annotation_id, note.parent) if note.parent else "",
            )
            for note in claim.notes.all()
            if note.deleted_at is None
        ),
    )


def claim_annotation_of(request: HttpRequest, claim: models.Claim) -> dict:
    return annotations.claim_annotation(annotated_claim(request, claim))


def article_annotations(request: HttpRequest, article: models.Article, page: int | None) -> dict:
    """The article's claims and notes as an AnnotationCollection, or one page of it."""
    collection_id = absolute(request, reverse("api-article-annotations", args=[article.pk]))
    items = [
        annotation
        for claim in claims_for_annotation().filter(article=article).order_by("start", "end", "id")
        for annotation in annotations.thread_annotations(annotated_claim(request, claim))
    ]
    size = annotations.PAGE_SIZE
    if page is None:
        return annotations.annotation_collection(
            collection_id, article.title, items[:size], total=len(items)
        )
    return annotations.annotation_page(
        collection_id, items[page * size : (page + 1) * size], total=len(items), page=page
    )


# ClaimReview ---------------------------------------------------------------------------
# What the public sees is a Publication's frozen content, never the live claim.

PERSON_KINDS = {models.SourceKind.PERSON, models.SourceKind.ANONYMOUS}


def rating_scale() -> tuple[int, int]:
    """(worst, best) of the newsroom's rating scale."""
    values = list(models.Rating.objects.values_list("value", flat=True))
    return min(values), max(values)


def claims_to_snapshot():
    """Claims with everything `snapshot_of` reads, and no article text."""
    return (
        models.Claim.objects.defer(*models.article_text("article"))
        .select_related("article__outlet", "verdict__rating")
        .prefetch_related(
            Prefetch("attributions", queryset=models.Attribution.objects.select_related("source")),
            "verdict__evidence",
        )
    )


def snapshot_of(claim: models.Claim, scale: tuple[int, int]) -> dict:
    """Everything the public page and ClaimReview show of the claim, as it is now.

    Reads the attributions and evidence as loaded (prefetch them) and no article text.
    Raises PublishRefused for a verdict with no rating from our scale (another
    fact-checker's label waiting for an editor): the public only ever sees our rating.
    """
    verdict = getattr(claim, "verdict", None)
    if verdict is not None and verdict.is_unmapped:
        from claims.services import PublishRefused  # services build on this module

        raise PublishRefused(
            f"Not published: the verdict holds another fact-checker’s rating,"
            f" “{verdict.imported_label}”, which is not on our scale. Choose a rating from"
            " our scale under “Rate this claim”, save the verdict, then publish."
        )
    return _content(claim, scale)


def _content(claim: models.Claim, scale: tuple[int, int]) -> dict:
    """The snapshot's content; a verdict with no rating from our scale shows none."""
    article = claim.article
    verdict = getattr(claim, "verdict", None)
    worst, best = scale
    return {
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
            {"name": a.source.name, "kind": a.source.kind, "role": a.role}
            for a in claim.attributions.all()
        ],
        "claim_date": claim.refers_to.isoformat() if claim.refers_to else "",
        "rating": {
            "label": verdict.rating.label,
            "slug": verdict.rating.slug,
            "value": verdict.rating.value,
            "worst": worst,
            "best": best,
        }
        if verdict and verdict.rating_id is not None
        else None,
        "reasoning": verdict.reasoning if verdict else "",
        "evidence": [{"url": e.url, "title": e.title} for e in verdict.evidence.all()]
        if verdict
        else [],
    }


# What an editor sees compared, in the order the public page shows it.
SNAPSHOT_FIELDS = (
    ("statement", "Statement"),
    ("rating", "Rating"),
    ("sources", "Claimed by"),
    ("claim_date", "Date of the claim"),
    ("quote", "Quote"),
    ("article", "Article"),
    ("reasoning", "Reasoning"),
    ("evidence", "Sources of the check"),
)


def snapshot_text(content: dict, field: str) -> str:
    """One field of a snapshot as the words a diff compares."""
    value = content.get(field)
    if field == "rating":
        return (
            f"{value['label']} ({value['value']} of {value['worst']}–{value['best']})"
            if value
            else ""
        )
    if field == "sources":
        return "; ".join(
            f"{s['name']}, {s['role']}" if s["role"] else s["name"] for s in value or []
        )
    if field == "article":
        parts = [
            value["title"],
            value["outlet"],
            value["published_on"],
            value["url"],
            value["language"],
        ]
        return " · ".join(part for part in parts if part)
    if field == "evidence":
        return "\n".join(
            f"{e['title']} {e['url']}" if e["title"] else e["url"] for e in value or []
        )
    return value or ""


def current_publication(claim_uid) -> models.Publication | None:
    return models.Publication.objects.current().filter(claim_uid=claim_uid).first()


def reviewed_claim(request: HttpRequest, publication: models.Publication) -> ReviewedClaim:
    """A publication as the ClaimReview format's record."""
    content = publication.content
    article, rating = content["article"], content["rating"]
    claimant = next(iter(content["sources"]), None)
    is_person = claimant is not None and claimant["kind"] in PERSON_KINDS
    claim_date = content["claim_date"] or article["published_on"]
    return ReviewedClaim(
        claim_reviewed=content["statement"] or content["quote"],
        review_url=absolute(request, reverse("review_page", args=[publication.claim_uid])),
        review_date=publication.first_published_at.date(),
        reviewer_name=settings.NEWSROOM_NAME,
        reviewer_url="",
        rating_label=rating["label"],
        rating_value=Decimal(rating["value"]),
        best_rating=Decimal(rating["best"]),
        worst_rating=Decimal(rating["worst"]),
        claimant_name=claimant["name"] if claimant else "",
        claimant_type=("Person" if is_person else "Organization") if claimant else "",
        claimant_role=claimant["role"] if claimant and is_person else "",
        claim_date=date.fromisoformat(claim_date) if claim_date else None,
        appearances=(article["url"],) if article["url"] else (),
        language=article["language"],
        review_body=content["reasoning"],
        date_modified=publication.modified_at.date() if publication.modified_at else None,
    )


def claimreview_of(request: HttpRequest, publication: models.Publication) -> dict:
    """The publication as schema.org ClaimReview JSON-LD."""
    return write_claimreview(
        reviewed_claim(request, publication),
        newsroom_name=settings.NEWSROOM_NAME,
        newsroom_url=absolute(request, "/"),
    )


def claimreview_feed(request: HttpRequest, publications: list[models.Publication]) -> dict:
    """A page of published reviews as a schema.org DataFeed."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.NEWSROOM_NAME} fact checks",
        "dataFeedElement": [
            {k: v for k, v in claimreview_of(request, publication).items() if k != "@context"}
            for publication in publications
        ],
    }


@dataclass(frozen=True)
class FieldChange:
    """One field of a published claim that reads differently now: a word diff."""

    label: str
    parts: list[tuple[str, str]]  # (op, text), op in equal, delete, insert


def latest_publication(claim_uid) -> models.Publication | None:
    """The current publication, or the last one taken down, or None."""
    return (
        models.Publication.objects.filter(claim_uid=claim_uid)
        .select_related("withdrawn_by")
        .order_by("-number")
        .first()
    )


def changes_since(claim: models.Claim, publication: models.Publication) -> list[FieldChange]:
    """What the live claim says differently from what the public sees."""
    published = publication.content
    rating = published.get("rating")
    scale = (rating["worst"], rating["best"]) if rating else rating_scale()
    live = _content(claim, scale)
    changes = []
    for field, label in SNAPSHOT_FIELDS:
        before, after = snapshot_text(published, field), snapshot_text(live, field)
        if before != after:
            changes.append(FieldChange(label, diff_passage(before, after)))
    return changes
