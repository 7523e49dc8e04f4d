"""Sources: the list, one source's page with its track record, and the
search-as-you-type box that attribution forms use."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from claims import models, search
from claims.pagination import paginate_request
from claims.views.base import count_per, page_or_part, search_text

# The forms whose source field the options may fill.
OPTION_FIELDS = {"source"}


@login_required
@require_safe
def source_list(request: HttpRequest) -> HttpResponse:
    query = search_text(request)
    kind = request.GET.get("kind", "")
    sources = search.matching_sources(query) if query else models.Source.objects.all()
    if kind in models.SourceKind.values:
        sources = sources.filter(kind=kind)
    page = paginate_request(request, sources.select_related("affiliation"), ["name", "id"])
    counts = count_per(
        models.Attribution.objects.filter(source__in=page.items),
        "source",
        counted=Count("claim", distinct=True),
    )
    for source in page.items:
        source.claim_count = counts.get(source.pk, 0)
    context = {
        "title": "Sources",
        "page": page,
        "query": query,
        "kind": kind,
        "kinds": models.SourceKind.choices,
    }
    return page_or_part(request, "claims/source_list.html", "results", context)


@login_required
@require_safe
def find_sources(request: HttpRequest) -> HttpResponse:
    """Options for a source field: up to ten sources matching what was typed."""
    query = search_text(request)
    field = request.GET.get("field", "source")
    if field not in OPTION_FIELDS:
        field = "source"
    sources = []
    if query:
        sources = search.source_suggestions(query)
    context = {
        "title": "Find a source",
        "query": query,
        "sources": sources,
        "field": field,
        "can_create": request.GET.get("create") == "1"
        and request.user.has_perm("claims.add_source"),
        "kinds": models.SourceKind.choices,
    }
    return page_or_part(request, "claims/find_sources.html", "options", context)


@login_required
@require_safe
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(
        models.Source.objects.select_related("affiliation", "reviewed_by").prefetch_related(
            "aliases", "members"
        ),
        pk=pk,
    )
    attributions = models.Attribution.objects.filter(source=source)
    roles = list(
        attributions.exclude(role="")
        .values("role")
        .annotate(n=Count("id"))
        .order_by("-n", "role")[:20]
    )
    track_record = list(
        models.Verdict.objects.filter(claim__attributions__source=source)
        .values("rating__label", "rating__value")
        .annotate(n=Count("id", distinct=True))
        .order_by("-rating__value")
    )
    claims = (
        models.Claim.objects.filter(attributions__source=source)
        .select_related("article__outlet", "verdict__rating")
        .defer(*models.article_text("article"))
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=models.Attribution.objects.filter(source=source).prefetch_related("chain"),
                to_attr="by_this_source",
            )
        )
    )
    page = paginate_request(request, claims, ["-updated_at", "-id"])
    context = {
        "title": source.name,
        "source": source,
        "roles": roles,
        "track_record": track_record,
        "rated_count": sum(row["n"] for row in track_record),
        "relayed_count": models.Conduit.objects.filter(source=source).count(),
        "page": page,
    }
    return page_or_part(request, "claims/source_detail.html", "claims", context)
