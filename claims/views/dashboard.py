"""The desk's dashboard: where the work stands, and who did what this week."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims import dashboard as desk


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every role may look: the page only reads."""
    context = {"title": "Desk", "overview": desk.overview(), "count_cap": desk.COUNT_CAP}
    return render(request, "claims/dashboard.html", context)
