"""One search box over articles, claims and sources."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse

from claims import models
from claims.views.base import page_or_part
from claims.views.sources import matching_sources

LIMIT = 10


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    articles = claims = sources = []
    if query:
        articles = list(
            models.Article.objects.filter(Q(title__icontains=query) | Q(body__icontains=query))
            .select_related("outlet")
            .order_by("-published_on", "-id")[:LIMIT]
        )
        claims = list(
            models.Claim.objects.filter(Q(statement__icontains=query) | Q(quote__icontains=query))
            .select_related("article")
            .prefetch_related(
                Prefetch(
                    "attributions", queryset=models.Attribution.objects.select_related("source")
                )
            )
            .order_by("-updated_at", "-id")[:LIMIT]
        )
        sources = list(
            matching_sources(query).select_related("affiliation").order_by("name")[:LIMIT]
        )
    context = {
        "title": f"Search: {query}" if query else "Search",
        "search_query": query,
        "articles": articles,
        "claims": claims,
        "sources": sources,
        "limit": LIMIT,
    }
    return page_or_part(request, "claims/search.html", "results", context)
