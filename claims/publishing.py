"""One claim record feeding the formats the rest of the world reads: W3C Web
Annotations and schema.org ClaimReview. The formats themselves live in
claims.formats; this module only reads the models into their inputs."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse

from claims import models
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
        Prefetch("notes", queryset=models.Note.objects.select_related("author")),
    )


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
        rating_label=verdict.rating.label if verdict else "",
        creator_name=_name(claim.created_by),
        notes=tuple(
            annotations.AnnotatedNote(
                id=f"{annotation_id}#note-{note.uid}",
                body=note.body,
                author_name=_name(note.author),
                created=note.created_at,
                modified=note.updated_at,
            )
            for note in claim.notes.all()
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


def published_claims():
    """Claims whose verdict the newsroom has published: what ClaimReview carries."""
    return (
        models.Claim.objects.filter(verdict__published_at__isnull=False)
        .select_related("article", "verdict__rating")
        .prefetch_related(
            Prefetch("attributions", queryset=models.Attribution.objects.select_related("source"))
        )
    )


def _scale() -> tuple[int, int]:
    values = list(models.Rating.objects.values_list("value", flat=True))
    return min(values), max(values)


def reviewed_claim(
    request: HttpRequest, claim: models.Claim, scale: tuple[int, int]
) -> ReviewedClaim:
    """A published claim as the ClaimReview format's record."""
    verdict, article = claim.verdict, claim.article
    attribution = next(iter(claim.attributions.all()), None)
    claimant = attribution.source if attribution else None
    is_person = claimant is not None and claimant.kind in {
        models.SourceKind.PERSON,
        models.SourceKind.ANONYMOUS,
    }
    worst, best = scale
    return ReviewedClaim(
        claim_reviewed=claim.statement or claim.quote,
        review_url=absolute(request, reverse("review_page", args=[claim.uid])),
        review_date=verdict.published_at.date(),
        reviewer_name=settings.NEWSROOM_NAME,
        reviewer_url="",
        rating_label=verdict.rating.label,
        rating_value=Decimal(verdict.rating.value),
        best_rating=Decimal(best),
        worst_rating=Decimal(worst),
        claimant_name=claimant.name if claimant else "",
        claimant_type=("Person" if is_person else "Organization") if claimant else "",
        claimant_role=attribution.role if attribution and is_person else "",
        claim_date=claim.refers_to or article.published_on,
        appearances=(article.url,) if article.url else (),
        language=article.language,
        review_body=verdict.reasoning,
    )


def claimreview_of(
    request: HttpRequest, claim: models.Claim, scale: tuple[int, int] | None = None
) -> dict:
    """The published claim as schema.org ClaimReview JSON-LD."""
    return write_claimreview(
        reviewed_claim(request, claim, scale or _scale()),
        newsroom_name=settings.NEWSROOM_NAME,
        newsroom_url=absolute(request, "/"),
    )


def claimreview_feed(request: HttpRequest, claims: list[models.Claim]) -> dict:
    """A page of published reviews as a schema.org DataFeed."""
    scale = _scale()
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.NEWSROOM_NAME} fact checks",
        "dataFeedElement": [
            {k: v for k, v in claimreview_of(request, claim, scale).items() if k != "@context"}
            for claim in claims
        ],
    }
