"""The assistant's suggestions in the reader: show, accept, dismiss."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from claims import models, suggesting
from claims.views.base import action, wants_part
from claims.views.reading import reader_context

TEMPLATE = "claims/article_reader.html"


def _suggestions(request: HttpRequest, article: models.Article, **extra) -> HttpResponse:
    offers = suggesting.offers_for(article)
    context = reader_context(request, article, offers) | {"offers": offers, **extra}
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
    offer = suggesting.find_offer(article, request.POST.get("key", ""))
    if offer is None:
        # Taken or dismissed meanwhile, or the text changed: show what is left.
        return _suggestions(request, article)
    accepted = None
    if request.POST.get("decision") == "accept":
        accepted = suggesting.accept(article, offer, by=request.user)
    else:
        suggesting.dismiss(article, offer, by=request.user)
    if not wants_part(request):
        return redirect("article_suggestions", pk=article.pk)
    return _suggestions(request, article, accepted=accepted)
