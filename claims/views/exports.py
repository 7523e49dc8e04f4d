"""What the queue and a question page show, as CSV for a spreadsheet."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from claims import models
from claims.comparison import compare
from claims.formats.csvfile import rows_as_csv
from claims.forms import QueueFilterForm
from claims.templatetags.claims_tags import interval
from claims.views.queue import queue_rows


def _csv(name: str, header: list[str], rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        rows_as_csv(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _sources(claim: models.Claim) -> tuple[str, str]:
    attributions = claim.attributions.all()
    return (
        "; ".join(a.source.name for a in attributions),
        "; ".join(a.role for a in attributions if a.role),
    )


QUEUE_HEADER = [
    "claim", "statement", "quote", "sources", "roles", "status", "kind", "question",
    "figure as written", "low", "high", "qualifier", "verdict", "assigned to",
    "article", "outlet", "published", "address", "changed",
]  # fmt: skip


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_safe
def queue_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every claim the queue's filters select, not only the page on screen."""
    filters = QueueFilterForm(request.GET or None, user=request.user)
    rows = queue_rows().select_related("quantity", "verdict__rating")
    if filters.is_valid():
        rows = filters.apply(rows)

    def lines():
        for claim in rows.order_by("-updated_at", "-id").iterator(chunk_size=500):
            names, roles = _sources(claim)
            quantity = getattr(claim, "quantity", None)
            verdict = getattr(claim, "verdict", None)
            yield [
                claim.pk, claim.statement, claim.quote, names, roles, claim.get_status_display(),
                claim.get_kind_display(), claim.question.text if claim.question else "",
                quantity.wording if quantity else "", quantity.low if quantity else None,
                quantity.high if quantity else None, quantity.get_qualifier_display() if quantity else "",
                verdict.rating_label if verdict else "",
                claim.assignee.username if claim.assignee else "",
                claim.article.title, claim.article.outlet.name, claim.article.published_on,
                request.build_absolute_uri(claim.get_absolute_url()), claim.updated_at,
            ]  # fmt: skip

    return _csv("review-queue", QUEUE_HEADER, lines())


QUESTION_HEADER = [
    "claim", "sources", "roles", "article", "outlet", "date", "figure as written", "low",
    "high", "qualifier", "interval", "conflicting", "status", "verdict", "address",
]  # fmt: skip


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_safe
def question_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    question = get_object_or_404(models.Question, pk=pk)
    comparison = compare(question)

    def lines():
        for row in comparison.rows:
            claim = row.claim
            names, roles = _sources(claim)
            quantity = getattr(claim, "quantity", None)
            verdict = getattr(claim, "verdict", None)
            yield [
                claim.pk, names, roles, claim.article.title, claim.article.outlet.name,
                claim.refers_to or claim.article.published_on,
                quantity.wording if quantity else "", quantity.low if quantity else None,
                quantity.high if quantity else None, quantity.get_qualifier_display() if quantity else "",
                interval(quantity), row.conflicting, claim.get_status_display(),
                verdict.rating_label if verdict else "",
                request.build_absolute_uri(claim.get_absolute_url()),
            ]  # fmt: skip

    return _csv(slugify(question.text)[:60] or "question", QUESTION_HEADER, lines())
