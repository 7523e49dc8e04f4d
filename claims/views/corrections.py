"""Corrections: an article's text replaced, its claims re-anchored, and the
claims whose passage is gone listed for editors with the old passage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_htmx.http import trigger_client_event

from claims import models, services
from claims.domain import anchoring
from claims.forms import CorrectionForm, MarkClaimForm, ReanchorForm
from claims.views.base import action, wants_part


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


ORPHANS = "claims/orphaned_claims.html"


@login_required
@require_safe
def orphaned_claims(request: HttpRequest) -> HttpResponse:
    claims = models.Claim.objects.filter(orphaned_from__isnull=False).select_related(
        "article", "orphaned_from"
    )
    article = models.record_id(request.GET.get("article", ""))
    if article is not None:
        claims = claims.filter(article_id=article)
    items = [(claim, _what_changed(claim)) for claim in claims.order_by("article", "start")[:200]]
    context = {
        "title": "Claims that lost their passage",
        "items": items,
        "can_edit": request.user.has_perm("claims.change_claim"),
    }
    return render(request, ORPHANS, context)


def _what_changed(claim: models.Claim) -> list[tuple[str, str]]:
    """The words around the claim's old passage, old text against new."""
    old, new = claim.orphaned_from.body, claim.article.body
    start, end = anchoring.whole_words(old, claim.start - 160, claim.end + 160)
    # The same stretch of the new text, wherever the correction moved it.
    new_start, new_end = anchoring.whole_words(
        new, *anchoring.corresponding_span(old, new, start, end)
    )
    return anchoring.diff_passage(old[start:end], new[new_start:new_end])


@action("claims.change_claim")
def reanchor(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        models.Claim.objects.select_related("article", "orphaned_from"), pk=pk
    )
    form = ReanchorForm(request.POST)
    error = "Type the passage as it reads in the corrected text."
    if form.is_valid():
        try:
            anchor = MarkClaimForm.find(claim.article.body, form.cleaned_data["passage"].strip())
        except anchoring.AnchorError as refused:
            error = str(refused)
        else:
            services.reanchor_claim(claim, anchor)
            if wants_part(request):
                # The claim leaves the list: its entry says so, in place.
                response = render(request, f"{ORPHANS}#reanchored", {"claim": claim})
                return trigger_client_event(
                    response, "announce", {"message": "The claim points at its passage again."}
                )
            messages.success(request, "The claim points at its passage again.")
            return redirect(claim)
    if wants_part(request) and claim.orphaned_from_id is not None:
        context = {
            "claim": claim,
            "diff": _what_changed(claim),
            "can_edit": True,
            "passage": request.POST.get("passage", ""),
            "error": error,
        }
        return render(request, f"{ORPHANS}#item", context, status=422)
    messages.error(request, error)
    return redirect(f"{reverse('orphaned_claims')}?article={claim.article_id}")
