"""What every view shares: rendering a page or one of its parts."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db import IntegrityError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, trigger_client_event


def wants_part(request: HttpRequest) -> bool:
    """An htmx swap wants a part; a normal visit or a history restore wants the page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and not htmx.boosted


def page_or_part(
    request: HttpRequest,
    template: str,
    part: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Render `template#part` for an htmx request and the whole page otherwise."""
    name = f"{template}#{part}" if wants_part(request) else template
    response = render(request, name, context, status=status)
    # The same URL answers with a page or a part: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


CLASHED = (
    "Not saved: the same change was being saved at the same moment, by you or someone "
    "else. Reload to see what was kept."
)


def action(*permissions: str) -> Callable:
    """A view that changes data: signed in, holding every permission, by POST.

    Anonymous users are sent to sign in; signed-in users without the
    permission get 403, whatever they post.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def answered(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # The services lock what they change, so this is a last resort: a
            # unique row another request wrote in the same instant is a clash
            # to report, not a server error. The service's transaction is
            # rolled back already, so nothing of this request is stored.
            try:
                return view(request, *args, **kwargs)
            except IntegrityError:
                response = HttpResponse(CLASHED, status=409, content_type="text/plain")
                if wants_part(request):
                    # Nothing is swapped: the form keeps what the editor typed,
                    # and the page's problem box says what happened.
                    reswap(response, "none")
                    trigger_client_event(response, "problem", {"message": CLASHED})
                return response

        guarded = require_POST(answered)
        for permission in reversed(permissions):
            guarded = permission_required(permission, raise_exception=True)(guarded)
        return login_required(guarded)

    return decorate


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` address a form carries, if it is a path on this site.

    Only a path will do: `redirect()` would take any other word for a URL name.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def count_per(rows: QuerySet, *by: str, counted: Count | None = None) -> dict:
    """How many of `rows` there are for each value of `by` (a tuple of values
    when there are several): counts for the page shown, which cost the same
    whatever the size of the archive."""
    grouped = rows.order_by().values(*by).annotate(n=counted or Count("pk"))
    if len(by) == 1:
        return {row[by[0]]: row["n"] for row in grouped}
    return {tuple(row[name] for name in by): row["n"] for row in grouped}


def search_text(request: HttpRequest) -> str:
    """What was typed in a search box (`q`): trimmed, at most 200 characters, no NUL."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:200]
