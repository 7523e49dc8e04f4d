"""The newsroom's published fact checks: public pages with their ClaimReview,
the ClaimReview alone, and a feed of them all.

These are the only pages open to everyone: what the newsroom has published
is public by definition, and search engines read ClaimReview from them.
"""

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from claims import models, publishing
from claims.pagination import paginate_request

FEED_PAGE = 50


def _published(uid) -> models.Publication:
    # Only the publication: a page taken down answers as if it never was.
    publication = publishing.current_publication(uid)
    if publication is None:
        raise Http404("No published fact check here.")
    return publication


# Public and read-only: any other method is refused as such (405), before a
# CSRF check could answer a stranger's POST with a misleading 403.
@csrf_exempt
@require_safe
def review_page(request: HttpRequest, uid) -> HttpResponse:
    publication = _published(uid)
    content = publication.content
    context = {
        "title": content["statement"] or content["quote"],
        "publication": publication,
        "review": content,
        "claimreview": publishing.claimreview_of(request, publication),
    }
    return render(request, "claims/review.html", context)


@csrf_exempt
@require_safe
def review_jsonld(request: HttpRequest, uid) -> HttpResponse:
    document = publishing.claimreview_of(request, _published(uid))
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/ld+json"
    )


@csrf_exempt
@require_safe
def review_feed(request: HttpRequest) -> JsonResponse:
    """Every published fact check, newest first, a page at a time (Link: rel=next)."""
    page = paginate_request(
        request,
        models.Publication.objects.current(),
        ["-first_published_at", "-id"],
        size=FEED_PAGE,
    )
    response = JsonResponse(
        publishing.claimreview_feed(request, page.items),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
    links = []
    for rel, cursor, key in (
        ("next", page.next_cursor, "after"),
        ("prev", page.previous_cursor, "before"),
    ):
        if cursor:
            links.append(
                f'<{request.build_absolute_uri(reverse("review_feed"))}?{key}={cursor}>; rel="{rel}"'
            )
    if links:
        response["Link"] = ", ".join(links)
    return response
