"""Questions: what several claims answer, so they can be compared."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from claims import models
from claims.pagination import paginate_request
from claims.views.base import page_or_part


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    questions = models.Question.objects.annotate(claim_count=Count("claims"))
    if query:
        questions = questions.filter(text__icontains=query)
    page = paginate_request(request, questions, ["text", "id"])
    context = {"title": "Questions", "page": page, "query": query}
    return page_or_part(request, "claims/question_list.html", "results", context)


@login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(models.Question, pk=pk)
    claims = list(
        question.claims.select_related("article__outlet", "quantity", "verdict__rating")
        .prefetch_related(
            Prefetch("attributions", queryset=models.Attribution.objects.select_related("source"))
        )
        .order_by("refers_to", "article__published_on", "id")
    )
    context = {"title": question.text, "question": question, "claims": claims}
    return page_or_part(request, "claims/question_detail.html", "claims", context)


@login_required
@require_GET
def find_questions(request: HttpRequest) -> HttpResponse:
    """Options for filing a claim under a question."""
    query = request.GET.get("q", "").strip()[:200]
    questions = []
    if query:
        questions = list(
            models.Question.objects.filter(Q(text__icontains=query) | Q(counted__icontains=query))
            .annotate(claim_count=Count("claims"))
            .order_by("text")[:10]
        )
    context = {"title": "Find a question", "query": query, "questions": questions}
    return page_or_part(request, "claims/find_questions.html", "options", context)
