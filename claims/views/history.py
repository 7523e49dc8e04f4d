"""A claim's history, restoring an earlier version, deleting and bringing back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from claims import history, models, services
from claims.views import claim_panel
from claims.views.base import action, page_or_part, wants_part


@login_required
@require_safe
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim.objects.select_related("article"), pk=pk)
    context = {
        "title": "History",
        "claim": claim,
        "entries": history.claim_history(claim),
        "can_restore": request.user.has_perm("claims.change_claim"),
        # Opened inside a claim's panel, a restore refreshes the whole panel.
        "restore_target": "#claim-panel" if wants_part(request) else "#claim-history",
    }
    return page_or_part(request, "claims/claim_history.html", "history", context)


RESTORED = "The earlier version is restored; the change is in the history."


@action("claims.change_claim")
def restore_version(request: HttpRequest, pk: int, record_id: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim, pk=pk)
    if not models.Claim.history.filter(id=pk, history_id=record_id).exists():
        return HttpResponse("That version does not belong to this claim.", status=404)
    history.restore_version(claim, record_id)
    if not wants_part(request):
        messages.success(request, RESTORED)
        return redirect(claim)
    entries = history.claim_history(claim)
    if request.htmx.target == "claim-panel":
        # Anything the panel shows may have changed: answer with all of it,
        # the history kept open, and the reader's highlights when there.
        return claim_panel.whole_panel(
            request, pk, said=RESTORED, history_entries=entries, history_said=RESTORED
        )
    context = {"claim": claim, "entries": entries, "can_restore": True, "said": RESTORED}
    response = render(request, "claims/claim_history.html#history", context)
    return trigger_client_event(response, "announce", {"message": RESTORED})


PUBLISHED_NOT_DELETED = (
    "This claim is published: unpublish it first (say why under Status and verdict), "
    "then delete it."
)


@action("claims.delete_claim")
def delete_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim.objects.select_related("article"), pk=pk)
    article = claim.article
    if models.Publication.objects.current().filter(claim_uid=claim.uid).exists():
        # Deleting must not leave a public page nobody can reach to take down.
        if wants_part(request):
            return HttpResponse(
                f'<p class="error" role="alert">{PUBLISHED_NOT_DELETED}</p>', status=422
            )
        messages.error(request, PUBLISHED_NOT_DELETED)
        return redirect(claim)
    if services.delete_claim(claim_id=claim.pk):
        messages.success(
            request,
            "The claim is deleted. A curator can bring it back, with its sources and notes.",
        )
    else:
        messages.info(request, "The claim was deleted already.")
    if wants_part(request):
        return HttpResponseClientRedirect(article.get_absolute_url())
    return redirect(article)


@login_required
@require_safe
@permission_required("claims.restore_claim", raise_exception=True)
def deleted_claims(request: HttpRequest) -> HttpResponse:
    context = {"title": "Deleted claims", "deleted": history.deleted_claims()}
    return page_or_part(request, "claims/deleted_claims.html", "list", context)


@action("claims.restore_claim")
def restore_deleted(request: HttpRequest, record_id: int) -> HttpResponse:
    try:
        claim = history.restore_deleted_claim(record_id)
    except models.Claim.history.model.DoesNotExist:
        return HttpResponse("There is no such deleted claim.", status=404)
    except history.RestoreRefused as refused:
        messages.error(request, str(refused))
        return redirect(reverse("deleted_claims"))
    messages.success(request, "The claim is back, with what was deleted with it.")
    return redirect(claim)
