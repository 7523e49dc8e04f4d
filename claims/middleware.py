"""Limits on what a request may send, and error answers in plain words.

A request whose declared size is beyond any page's use is refused before a
byte of its body is read (413). Django itself refuses, while reading a form,
one with too much text or too many files (400): the error handlers below
say which, and what to do. An htmx request gets a short plain message,
because the page's script shows its own; any other request gets a page.
"""

import math
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from claims.importing import MAX_FILE_BYTES

DEFAULT_MAX_REQUEST_BYTES = 60 * 1024 * 1024
MB = 1024 * 1024

# What a 404 under each part of the site is missing, for the page to name it.
MISSING = {
    "articles": "article",
    "claims": "claim",
    "attributions": "source of a claim",
    "conduits": "step of a chain",
    "links": "link between claims",
    "sources": "source",
    "questions": "question",
    "conflicts": "conflict",
    "reviews": "published fact check",
}


def size_in_words(size: int, *, up: bool = False) -> str:
    """A size as people read it: 12.5 MB, or 2 KB under a megabyte. Rounded up
    when `up`, so that a size just over a limit does not read as equal to it."""
    unit, name = (MB, "MB") if size >= MB else (1024, "KB")
    tenths = math.ceil(size * 10 / unit) if up else round(size * 10 / unit)
    return f"{tenths / 10:.1f}".removesuffix(".0") + f" {name}"


def is_htmx(request: HttpRequest) -> bool:
    # Read the header, not request.htmx: a 400 can be raised before every
    # middleware has run.
    return request.headers.get("HX-Request") == "true"


def declared_size(request: HttpRequest) -> int:
    """The body's size as the client declares it; 0 when it does not (Django
    then reads no body either)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """Refuse a request larger than settings.MAX_REQUEST_BYTES with 413.

    It must come after the session, authentication and CSP middleware (the
    page needs the user and the nonce) and before anything reads the body;
    no middleware reads it before the view runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = getattr(settings, "MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)
        size = declared_size(request)
        if size > limit:
            return too_large(request, size, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, size: int, limit: int) -> HttpResponse:
    if is_htmx(request):
        return HttpResponse(
            f"That is too large to send ({size_in_words(size, up=True)}; "
            f"the limit is {size_in_words(limit)}). Nothing was saved.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    context = {
        "title": "Too large to send",
        "size": size_in_words(size, up=True),
        "limit": size_in_words(limit),
        "file_limit": size_in_words(MAX_FILE_BYTES),
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    }
    return render(request, "413.html", context, status=413)


# Error handlers (newsclaims/urls.py) --------------------------------------------------


def _error(
    request: HttpRequest, status: int, short: str, context: dict, template: str = ""
) -> HttpResponse:
    if is_htmx(request):
        return HttpResponse(short, status=status, content_type="text/plain; charset=utf-8")
    return render(request, template or f"{status}.html", context, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: most often a form too large to read; say which limit it broke."""
    if isinstance(exception, RequestDataTooBig):
        reason, short = "too_big", "That is too large to send. Nothing was saved."
    elif isinstance(exception, TooManyFilesSent):
        reason = "too_many_files"
        short = f"Too many files: send at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} at a time."
    elif isinstance(exception, TooManyFieldsSent):
        reason, short = "too_many_fields", "The form had too many fields. Nothing was saved."
    else:
        reason, short = "", "The server could not read that request. Nothing was saved."
    context = {
        "title": "Could not be sent",
        "reason": reason,
        "text_limit": size_in_words(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "file_limit": size_in_words(MAX_FILE_BYTES),
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    }
    return _error(request, 400, short, context)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: the signed-in user's role does not allow this."""
    short = "You do not have permission to do that. Nothing was changed."
    return _error(request, 403, short, {"title": "Not allowed"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 from the CSRF check (settings.CSRF_FAILURE_VIEW): nearly always a
    page left open across a sign-out or an expired session, or cookies blocked."""
    short = (
        "This page has expired (you may have signed out in another tab). Nothing was "
        "saved. Copy what you typed, reload the page and send it again."
    )
    return _error(request, 403, short, {"title": "Page expired"}, template="403_csrf.html")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: name what is missing (a claim, a source…) from where it was looked for."""
    section = request.path.strip("/").split("/", 1)[0]
    missing = MISSING.get(section, "")
    short = f"That {missing or 'page'} no longer exists; someone may have removed it."
    context = {"title": "Not found", "missing": missing, "path": request.path}
    return _error(request, 404, short, context)
