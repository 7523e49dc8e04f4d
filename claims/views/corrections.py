"""Corrections: an article's text replaced, its claims re-anchored, and the
claims whose passage is gone listed for editors with the old passage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from claims import models, services
from claims.domain import anchoring
from claims.forms import CorrectionForm, MarkClaimForm, ReanchorForm
from claims.views.base import action


@login_required
@permission_required("claims.change_article", raise_exception=True)
def correct_article(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(models.Article.objects.select_related("outlet"), pk=pk)
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                report = services.correct_article(
                    article,
                    form.cleaned_data["body"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except services.StaleEdit:
                form.add_error(
                    None,
                    "Someone else corrected this article after you opened it. Your text is "
                    "below; compare it with the article as it now stands, then save again.",
                )
                data = form.data.copy()
                data["version"] = models.Article.objects.get(pk=pk).version
                form.data = data
                status = 409
            else:
                if report.revision is None:
                    messages.info(request, "The text did not change.")
                else:
                    messages.success(
                        request,
                        f"Corrected. Claims: {report.kept} kept their place, {report.moved} moved, "
                        f"{report.adjusted} adjusted to changed words, {report.recovered} found again, "
                        f"{report.orphaned} lost their passage.",
                    )
                return redirect(article)
        else:
            status = 422
    else:
        form = CorrectionForm(initial={"body": article.body, "version": article.version})
    context = {"title": f"Correct “{article.title}”", "article": article, "form": form}
    return render(request, "claims/correct_article.html", context, status=status)


@login_required
def orphaned_claims(request: HttpRequest) -> HttpResponse:
    claims = models.Claim.objects.filter(orphaned_from__isnull=False).select_related(
        "article", "orphaned_from"
    )
    article = models.record_id(request.GET.get("article", ""))
    if article is not None:
        claims = claims.filter(article_id=article)
    items = []
    for claim in claims.order_by("article", "start")[:200]:
        old = claim.orphaned_from.body
        window = slice(max(0, claim.start - 160), claim.end + 160)
        items.append((claim, anchoring.diff_passage(old[window], claim.article.body[window])))
    context = {
        "title": "Claims that lost their passage",
        "items": items,
        "can_edit": request.user.has_perm("claims.change_claim"),
    }
    return render(request, "claims/orphaned_claims.html", context)


@action("claims.change_claim")
def reanchor(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim.objects.select_related("article"), pk=pk)
    form = ReanchorForm(request.POST)
    if form.is_valid():
        try:
            anchor = MarkClaimForm.find(claim.article.body, form.cleaned_data["passage"].strip())
        except anchoring.AnchorError as error:
            messages.error(request, str(error))
        else:
            services.reanchor_claim(claim, anchor)
            messages.success(request, "The claim points at its passage again.")
            return redirect(claim)
    return redirect(f"{reverse('orphaned_claims')}?article={claim.article_id}")
