from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return redirect("article_list")


@csrf_exempt  # read-only: other methods get 405, not a CSRF refusal
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: the app answers and reaches its database. One
    `SELECT 1`, the cheapest question the database can answer, and no session:
    also the benchmark's ceiling, the least a request through the whole
    middleware can cost."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        # A worker that cannot reach the database should get no traffic.
        return HttpResponse(
            "The database cannot be reached.", content_type="text/plain", status=503
        )
    return HttpResponse("ok", content_type="text/plain")
