"""One search box over articles, claims and sources."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from claims import models, search
from claims.pagination import paginate_request
from claims.views.base import page_or_part, search_text

LIMIT = 10
KINDS = {"claims": "Claims", "articles": "Articles", "sources": "Sources"}


def _matching(kind: str, query: str):
    if kind == "claims":
        return (
            search.matching_claims(query)
            .select_related("article")
            .defer(*models.article_text("article"))
            .prefetch_related(
                Prefetch(
                    "attributions", queryset=models.Attribution.objects.select_related("source")
                )
            )
        )
    if kind == "articles":
        return (
            search.matching_articles(query).select_related("outlet").defer(*models.article_text())
        )
    return search.matching_sources(query).select_related("affiliation")


@login_required
@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """The best ten of each kind; or, with `kind`, every match of one kind, a page at a time."""
    query = search_text(request)
    kind = request.GET.get("kind", "")
    context = {
        "title": f"Search: {query}" if query else "Search",
        "search_query": query,
        "kind": kind if kind in KINDS else "",
        "kinds": KINDS,
        "limit": LIMIT,
    }
    if query and kind in KINDS:
        # Every match, newest first (sources by name), a page at a time.
        ordering = ["name", "id"] if kind == "sources" else ["-id"]
        context["page"] = paginate_request(request, _matching(kind, query), ordering)
    elif query:
        context["claims"] = search.best(_matching("claims", query), query, LIMIT)
        context["articles"] = search.best(_matching("articles", query), query, LIMIT)
        context["sources"] = search.source_suggestions(query, LIMIT)
    return page_or_part(request, "claims/search.html", "results", context)
