"""Questions: what several claims answer, compared side by side, and the
conflicts among them for editors to decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from claims import models, notifications, services
from claims.comparison import compare
from claims.forms import ConflictDecisionForm
from claims.pagination import paginate_request
from claims.views.base import (
    action,
    count_per,
    page_or_part,
    safe_next,
    search_text,
    wants_part,
)


@login_required
@require_safe
def question_list(request: HttpRequest) -> HttpResponse:
    query = search_text(request)
    questions = models.Question.objects.all()
    if query:
        questions = questions.filter(Q(text__icontains=query) | Q(counted__icontains=query))
    page = paginate_request(request, questions, ["text", "id"])
    claims = count_per(models.Claim.objects.filter(question__in=page.items), "question")
    open_conflicts = count_per(
        models.Conflict.objects.filter(
            question__in=page.items, status=models.ConflictStatus.SUGGESTED
        ),
        "question",
    )
    for question in page.items:
        question.claim_count = claims.get(question.pk, 0)
        question.open_conflicts = open_conflicts.get(question.pk, 0)
    context = {
        "title": "Questions",
        "page": page,
        "query": query,
        "open_conflicts": models.Conflict.objects.filter(
            status=models.ConflictStatus.SUGGESTED
        ).count(),
    }
    return page_or_part(request, "claims/question_list.html", "results", context)


@login_required
@require_safe
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(models.Question, pk=pk)
    context = {
        "title": question.text,
        "question": question,
        "comparison": compare(question),
        "can_decide": request.user.has_perm("claims.change_conflict"),
        # Editors follow a question to hear of conflicts appearing under it.
        "can_follow": request.user.has_perm("claims.change_claim"),
        "following": lambda: notifications.is_following(request.user, question=question),
    }
    return page_or_part(request, "claims/question_detail.html", "comparison", context)


@login_required
@require_safe
def conflict_list(request: HttpRequest) -> HttpResponse:
    """Every conflict still to decide, most severe first, across all questions."""
    status = request.GET.get("status", models.ConflictStatus.SUGGESTED)
    if status not in models.ConflictStatus.values:
        status = models.ConflictStatus.SUGGESTED
    conflicts = models.Conflict.objects.filter(status=status).select_related(
        "question", "first_claim__article", "second_claim__article", "decided_by"
    )
    page = paginate_request(request, conflicts, ["-severity", "id"])
    context = {
        "title": "Conflicts",
        "page": page,
        "status": status,
        "statuses": models.ConflictStatus.choices,
        "can_decide": request.user.has_perm("claims.change_conflict"),
    }
    return page_or_part(request, "claims/conflict_list.html", "results", context)


@action("claims.change_conflict", "claims.add_link")
def decide_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a conflict (the claims get linked), dismiss it with a reason, or reopen it."""
    conflict = get_object_or_404(models.Conflict, pk=pk)
    form = ConflictDecisionForm(request.POST)
    status = 200
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "confirm":
                conflict = services.confirm_conflict(conflict, by=request.user, note=note)
            elif decision == "dismiss":
                conflict = services.dismiss_conflict(conflict, by=request.user, note=note)
            else:
                conflict = services.reopen_conflict(conflict)
        except services.DecisionRefused as refused:
            form.add_error("note", str(refused))
            status = 422
    else:
        status = 422
    if not wants_part(request):
        if status != 200:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(safe_next(request, conflict.question.get_absolute_url()))
    conflict = models.Conflict.objects.select_related(
        "question", "first_claim__article", "second_claim__article", "decided_by"
    ).get(pk=conflict.pk)
    context = {"conflict": conflict, "form": form, "can_decide": True, "request": request}
    html = render_to_string("claims/conflict_list.html#conflict", context, request=request)
    return HttpResponse(html, status=status)


@login_required
@require_safe
def find_questions(request: HttpRequest) -> HttpResponse:
    """Options for filing a claim under a question."""
    query = search_text(request)
    questions = []
    if query:
        questions = list(
            models.Question.objects.filter(Q(text__icontains=query) | Q(counted__icontains=query))
            .annotate(claim_count=Count("claims"))
            .order_by("text")[:10]
        )
    context = {"title": "Find a question", "query": query, "questions": questions}
    return page_or_part(request, "claims/find_questions.html", "options", context)
