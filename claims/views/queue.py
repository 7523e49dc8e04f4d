"""The review queue: claims to work through, filtered, with counts per status."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from claims import assignments, models
from claims.forms import QueueFilterForm
from claims.pagination import paginate_request
from claims.views.base import page_or_part, wants_part

TEMPLATE = "claims/queue.html"


def queue_rows():
    return (
        models.Claim.objects.defer(*models.article_text("article"))
        .select_related("article__outlet", "assignee", "question")
        .prefetch_related(
            Prefetch("attributions", queryset=models.Attribution.objects.select_related("source"))
        )
    )


# Beyond this many, a status shows "1,000+": counting a million claims on
# every visit would cost more than the page itself.
COUNT_CAP = 1_000


def capped_count(claims) -> int:
    return claims.order_by().values("pk")[: COUNT_CAP + 1].count()


@login_required
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    return page_or_part(request, TEMPLATE, "results", queue_context(request))


def queue_context(request: HttpRequest) -> dict:
    """The queue as its filters (the request's query string) select it."""
    filters = QueueFilterForm(request.GET or None, user=request.user)
    claims, other_filters = queue_rows(), models.Claim.objects.all()
    if filters.is_valid():
        claims = filters.apply(claims)
        # Counts per status under every filter but the status one, so that
        # each status says what choosing it would show.
        other_filters = filters.apply(other_filters, skip_status=True)
    counts = [
        (value, label, capped_count(other_filters.filter(status=value)))
        for value, label in models.ClaimStatus.choices
    ]
    ordering = filters.ordering() if filters.is_valid() else QueueFilterForm.ORDERINGS[""]
    page = paginate_request(request, claims, ordering)
    can_edit = request.user.has_perm("claims.change_claim")
    context = {
        "title": "Review queue",
        "filters": filters,
        "page": page,
        "status_counts": counts,
        "total": capped_count(other_filters),
        "count_cap": COUNT_CAP,
        "can_edit": can_edit,
        # For assigning from the queue: who may be given claims, and who left
        # while holding some (a curator gives those to someone else).
        "assignable": assignments.assignable_people() if can_edit else [],
        "inactive_holders": assignments.inactive_holders() if can_edit else [],
        "return_to": request.get_full_path(),  # where assigning from the queue returns
        # A status chosen from the counts (id "facet-…") is shown in the
        # filters too; a change made in the filters leaves them alone, so
        # the control the editor is using is not replaced under them.
        "facet_chosen": wants_part(request) and (request.htmx.trigger or "").startswith("facet-"),
    }
    return context


def queue_row(request: HttpRequest, pk: int, *, status: int = 200, error: str = "") -> HttpResponse:
    """One row of the queue, after an assignment changed it (or was refused)."""
    claim = get_object_or_404(queue_rows(), pk=pk)
    context = {
        "claim": claim,
        "can_edit": request.user.has_perm("claims.change_claim"),
        "assign_error": error,
    }
    return render(request, f"{TEMPLATE}#row", context, status=status)
