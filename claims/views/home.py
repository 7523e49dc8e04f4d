from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return redirect("article_list")


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: the app answers. Also the benchmark's ceiling, the
    least a request through the whole middleware can cost."""
    return HttpResponse("ok", content_type="text/plain")
