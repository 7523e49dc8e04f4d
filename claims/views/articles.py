"""The articles list and the article reader, where editors mark claims."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from claims import models, services
from claims.forms import ArticleFilterForm, MarkClaimForm
from claims.pagination import paginate_request
from claims.views.base import count_per, page_or_part, wants_part
from claims.views.claim_panel import claim_queryset, panel_context
from claims.views.reading import reader_context


def _count_claims(articles: list[models.Article]) -> None:
    """Each article's claims by status, counted for the page only."""
    counts = count_per(models.Claim.objects.filter(article__in=articles), "article", "status")
    for article in articles:
        article.claim_count = 0
        for status in models.ClaimStatus.values:
            n = counts.get((article.pk, status), 0)
            setattr(article, f"claims_{status}", n)
            article.claim_count += n


@login_required
@require_safe
def article_list(request: HttpRequest) -> HttpResponse:
    filters = ArticleFilterForm(request.GET or None)
    articles = models.Article.objects.select_related("outlet").defer(*models.article_text())
    if filters.is_valid():
        articles = filters.apply(articles)
    page = paginate_request(request, articles, ["-published_on", "-id"])
    _count_claims(page.items)
    context = {
        "title": "Articles",
        "page": page,
        "filters": filters,
        "statuses": models.ClaimStatus.choices,
        "can_import": request.user.has_perm("claims.add_article"),
    }
    return page_or_part(request, "claims/article_list.html", "results", context)


@login_required
@require_safe
def article_reader(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(models.Article.objects.select_related("outlet"), pk=pk)
    context = reader_context(request, article)
    context["mark_form"] = MarkClaimForm(article=article)
    open_claim = models.record_id(request.GET.get("claim", ""))
    if open_claim is not None:
        claim = claim_queryset().filter(article=article, pk=open_claim).first()
        if claim is not None:
            context.update(panel_context(request, claim))
    return render(request, "claims/article_reader.html", context)


@login_required
@permission_required("claims.add_claim", raise_exception=True)
@require_http_methods(["GET", "POST"])
def mark_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the new-claim form for a passage. POST: make the claim."""
    article = get_object_or_404(models.Article.objects.select_related("outlet"), pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    form = MarkClaimForm(data or None, article=article)
    if request.method == "POST" and form.is_valid():
        use_figure = form.figure is not None and form.cleaned_data["use_figure"]
        claim = services.create_claim(
            article,
            form.anchor,
            statement=form.cleaned_data["statement"],
            kind=form.cleaned_data["kind"],
            by=request.user,
            figure=form.figure if use_figure else None,
            counted=form.counted,
        )
        claim = claim_queryset().get(pk=claim.pk)
        context = reader_context(request, article) | panel_context(request, claim)
        context["created"] = True
        if wants_part(request):
            response = render(request, "claims/article_reader.html#claim-created", context)
            response["HX-Push-Url"] = f"{article.get_absolute_url()}?claim={claim.pk}"
            return response
        return redirect(f"{article.get_absolute_url()}?claim={claim.pk}")
    if data:
        form.is_valid()  # show what is wrong with the passage right away
    status = 422 if request.method == "POST" or form.errors else 200
    if wants_part(request):
        context = {"article": article, "mark_form": form}
        return render(request, "claims/article_reader.html#mark-form", context, status=status)
    # Without htmx the form shows in the reader's side panel.
    context = reader_context(request, article) | {"mark_form": form, "show_mark_form": True}
    return render(request, "claims/article_reader.html", context, status=status)
