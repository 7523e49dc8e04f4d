"""The assistant's suggestions in the reader: show, accept, dismiss."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from claims import models, suggesting
from claims.views.base import action, wants_part
from claims.views.reading import reader_context

TEMPLATE = "claims/article_reader.html"


def _suggestions(request: HttpRequest, article: models.Article, **extra) -> HttpResponse:
    offers, failure = suggesting.read_offers(article)
    # `all` comes with the page's address, or with a decision taken while all were shown.
    show_all = (request.GET.get("all") or request.POST.get("all")) == "1"
    likely = [offer for offer in offers if offer.likely]
    shown = offers if show_all else likely
    context = reader_context(request, article, shown) | {
        "offers": shown,
        "less_likely": len(offers) - len(likely),
        "show_all": show_all,
        "failure": failure,
        **extra,
    }
    if wants_part(request):
        return render(request, f"{TEMPLATE}#suggestions", context | {"oob_reader": True})
    return render(request, TEMPLATE, context)


@login_required
@permission_required("claims.add_claim", raise_exception=True)
@require_safe
def article_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(models.Article.objects.select_related("outlet"), pk=pk)
    return _suggestions(request, article)


@action("claims.add_claim", "claims.add_attribution", "claims.add_dismissedsuggestion")
def decide_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a suggestion (it becomes a claim) or dismiss it (for good)."""
    article = get_object_or_404(models.Article.objects.select_related("outlet"), pk=pk)
    key = request.POST.get("key", "")
    accepting = request.POST.get("decision") == "accept"
    offer = suggesting.find_offer(article, key)
    accepted = existing = None
    problem = ""
    if offer is None:
        # Taken or dismissed meanwhile (a second click, another editor), or the text
        # changed: say which claim took the passage, and show what is left.
        existing = suggesting.claim_over_key(article, key) if accepting else None
    elif accepting:
        try:
            accepted = suggesting.accept(article, offer, by=request.user)
        except suggesting.AlreadyClaimed as taken:
            existing = taken.claim
        except suggesting.SuggestionGone as gone:
            problem = str(gone)
    else:
        suggesting.dismiss(article, offer, by=request.user)
    if not wants_part(request):
        address = reverse("article_suggestions", args=[article.pk])
        return redirect(f"{address}?all=1" if request.POST.get("all") == "1" else address)
    return _suggestions(request, article, accepted=accepted, existing=existing, problem=problem)
