"""One search box over articles, claims and sources."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse

from claims import models, search
from claims.pagination import paginate_request
from claims.views.base import page_or_part

LIMIT = 10
KINDS = {"claims": "Claims", "articles": "Articles", "sources": "Sources"}


def _found(kind: str, query: str):
    if kind == "claims":
        found, ordering = search.claims(query)
        found = found.select_related("article").prefetch_related(
            Prefetch("attributions", queryset=models.Attribution.objects.select_related("source"))
        )
    elif kind == "articles":
        found, ordering = search.articles(query)
    else:
        found, ordering = search.sources(query)
        found = found.select_related("affiliation")
    return found, ordering


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """The best ten of each kind; or, with `kind`, every match of one kind, a page at a time."""
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    context = {
        "title": f"Search: {query}" if query else "Search",
        "search_query": query,
        "kind": kind if kind in KINDS else "",
        "kinds": KINDS,
        "limit": LIMIT,
    }
    if query and kind in KINDS:
        found, ordering = _found(kind, query)
        context["page"] = paginate_request(request, found, ordering)
    elif query:
        for name in KINDS:
            found, ordering = _found(name, query)
            context[name] = list(found.order_by(*ordering)[:LIMIT])
    return page_or_part(request, "claims/search.html", "results", context)
