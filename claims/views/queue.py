"""The review queue: claims to work through, filtered, with counts per status."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from claims import models
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
    page = paginate_request(request, claims, ["-updated_at", "-id"])
    context = {
        "title": "Review queue",
        "filters": filters,
        "page": page,
        "status_counts": counts,
        "total": capped_count(other_filters),
        "count_cap": COUNT_CAP,
        "can_edit": request.user.has_perm("claims.change_claim"),
        # A status chosen from the counts (id "facet-…") is shown in the
        # filters too; a change made in the filters leaves them alone, so
        # the control the editor is using is not replaced under them.
        "facet_chosen": wants_part(request) and (request.htmx.trigger or "").startswith("facet-"),
    }
    return page_or_part(request, TEMPLATE, "results", context)


def queue_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the queue, after an assignment changed it."""
    claim = get_object_or_404(queue_rows(), pk=pk)
    context = {"claim": claim, "can_edit": request.user.has_perm("claims.change_claim")}
    return render(request, f"{TEMPLATE}#row", context)
