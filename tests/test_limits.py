"""Limits on what a request may send, and error pages that say plainly what
happened and what to do.

A request declaring a body over MAX_REQUEST_BYTES is refused (413) before it
is read; Django refuses a form with too much text or too many files (400)
while reading it. Either way nothing is stored. The browser side (the htmx
error message for a 413) is checked in tests/browser/test_hostile_input.py.
"""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.defaults import server_error

from claims import models
from claims.factories import ClaimFactory, OutletFactory
from tests.test_csp import Markup

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def boom(request):
    raise RuntimeError("A bug in a view.")


# For the test that drives a real failure through the 500 handler.
urlpatterns = [path("boom/", boom)]


def text_of(response) -> str:
    return response.content.decode()


def keeps_to_the_policy(response) -> None:
    """An error page is a page like any other: same policy, nothing inline."""
    assert "Content-Security-Policy" in response
    markup = Markup()
    markup.feed(text_of(response))
    assert markup.handlers == [] and markup.style_attributes == []


@pytest.fixture
def claim(db) -> models.Claim:
    return ClaimFactory()


# Declared size over MAX_REQUEST_BYTES: 413 before reading -----------------------------


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_request_declaring_too_large_a_body_is_refused_unread(
    claim, editor_client, client, signed_in
):
    limit = settings.MAX_REQUEST_BYTES
    # The body is empty: a view that read the declared length would fail, so
    # a 413 proves nothing was read.
    response = (editor_client if signed_in else client).post(
        reverse("add_note", args=[claim.pk]),
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(limit + 1),
    )
    assert response.status_code == 413
    page = text_of(response)
    assert "Too large to send" in page
    assert "What you sent is 60.1 MB; at most 60 MB can be sent at once. Nothing was saved." in page
    assert "up to 5 MB" in page and "at most 50 files" in page
    keeps_to_the_policy(response)
    assert not models.Note.objects.exists()


def test_an_htmx_request_too_large_gets_a_short_plain_message(claim, editor_client):
    response = editor_client.post(
        reverse("add_note", args=[claim.pk]),
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **HTMX,
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
    assert text_of(response) == (
        "That is too large to send (200 MB; the limit is 60 MB). Nothing was saved."
    )


def test_the_limit_comes_from_the_settings_and_a_request_under_it_goes_through(
    claim, editor_client, settings
):
    url = reverse("add_note", args=[claim.pk])
    settings.MAX_REQUEST_BYTES = 2_000
    assert editor_client.post(url, {"body": "x" * 1_000}, **HTMX).status_code == 200
    assert editor_client.post(url, {"body": "y" * 3_000}, **HTMX).status_code == 413
    assert list(models.Note.objects.values_list("body", flat=True)) == ["x" * 1_000]


def test_an_unreadable_content_length_is_left_to_django(claim, editor_client):
    response = editor_client.get(reverse("claim_detail", args=[claim.pk]), CONTENT_LENGTH="lots")
    assert response.status_code == 200


# Django's own limits while reading a form: 400 with the reason -------------------------


def test_a_pasted_article_over_the_form_limit_gets_a_clear_message_and_stores_nothing(
    editor_client,
):
    outlet = OutletFactory()
    before = models.Article.objects.count()
    text = "Title\n\n" + "word " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 5 + 1)
    response = editor_client.post(
        reverse("import_articles"), {"text": text, "kind": "text", "outlet": outlet.pk}
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Too much text to send" in page
    assert "more than 6 MB of text" in page and "Nothing was saved." in page
    keeps_to_the_policy(response)
    assert models.Article.objects.count() == before


def test_a_note_over_the_form_limit_sent_by_htmx_gets_a_short_message(claim, editor_client):
    body = "n" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = editor_client.post(reverse("add_note", args=[claim.pk]), {"body": body}, **HTMX)
    assert response.status_code == 400
    assert text_of(response) == "That is too large to send. Nothing was saved."
    assert not models.Note.objects.exists()


def article_files(count: int) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"article-{n}.txt", f"Article {n}\n\nBody number {n}.".encode())
        for n in range(count)
    ]


def test_more_files_than_allowed_get_a_clear_message_and_nothing_is_imported(editor_client):
    outlet = OutletFactory()
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    response = editor_client.post(
        reverse("import_articles"),
        {"files": article_files(limit + 1), "kind": "text", "outlet": outlet.pk},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Too many files at once" in page
    assert "At most 50 files can be sent at a time. Nothing was imported." in page
    keeps_to_the_policy(response)
    assert not models.Article.objects.exists()


def test_as_many_files_as_allowed_are_imported(editor_client):
    outlet = OutletFactory()
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    response = editor_client.post(
        reverse("import_articles"),
        {"files": article_files(limit), "kind": "text", "outlet": outlet.pk},
    )
    assert response.status_code == 200
    assert models.Article.objects.count() == limit


def test_a_request_for_another_host_gets_the_plain_400_page(client):
    response = client.get("/articles/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "The server could not read that request" in text_of(response)


# Missing, forbidden, broken ------------------------------------------------------------


def test_a_missing_claim_says_what_is_missing(editor_client):
    response = editor_client.get(reverse("claim_detail", args=[987654]))
    assert response.status_code == 404
    page = text_of(response)
    assert "No such claim" in page
    assert "There is no claim at this address. It may have been deleted" in page
    assert "/claims/987654/" in page
    keeps_to_the_policy(response)


@pytest.mark.parametrize(
    ("url", "missing"),
    [
        ("/sources/987654/", "source"),
        ("/questions/987654/", "question"),
        ("/articles/987654/", "article"),
        ("/attributions/987654/delete/", "source of a claim"),
        ("/reviews/00000000-0000-0000-0000-000000000000/", "published fact check"),
    ],
)
def test_each_missing_object_is_named(editor_client, url, missing):
    method = editor_client.post if url.endswith("delete/") else editor_client.get
    response = method(url)
    assert response.status_code == 404
    assert f"No such {missing}" in text_of(response)


def test_an_address_that_leads_nowhere_says_so(editor_client):
    response = editor_client.get("/nowhere/at/all/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_a_missing_object_asked_for_by_htmx_gets_a_short_message(editor_client):
    response = editor_client.get(reverse("claim_detail", args=[987654]), **HTMX)
    assert response.status_code == 404
    assert text_of(response) == "That claim no longer exists; someone may have removed it."


def test_a_forbidden_action_says_why_and_that_nothing_changed(claim, viewer_client):
    response = viewer_client.post(reverse("add_note", args=[claim.pk]), {"body": "Hi"})
    assert response.status_code == 403
    page = text_of(response)
    assert "Not allowed" in page
    assert "Your account (Viewer) may not do that. Nothing was changed." in page
    keeps_to_the_policy(response)
    short = viewer_client.post(reverse("add_note", args=[claim.pk]), {"body": "Hi"}, **HTMX)
    assert text_of(short) == "You do not have permission to do that. Nothing was changed."
    assert not models.Note.objects.exists()


def test_the_500_page_is_static_and_needs_no_database(django_assert_num_queries):
    source = loader.get_template("500.html").template.source
    assert "{% extends" not in source and "{% url" not in source and "{% static" not in source
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = text_of(response)
    assert "Something went wrong on our side" in page
    assert '<link rel="stylesheet" href="/static/newsclaims.css">' in page
    markup = Markup()
    markup.feed(page)
    assert markup.scripts == [] and markup.style_attributes == [] and markup.handlers == []


@pytest.mark.urls("tests.test_limits")
def test_a_bug_in_a_view_shows_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in text_of(response)


def test_the_500_page_stylesheet_is_served_where_the_page_looks_for_it(client):
    response = client.get("/static/newsclaims.css")
    assert response.status_code == 200


# A failed CSRF check (claims.middleware.csrf_failure) ---------------------------------


@pytest.fixture
def strict_editor_client(editor) -> Client:
    """An editor whose requests go through the CSRF check, as a browser's do."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    return strict


def test_a_form_sent_from_an_expired_page_says_why_and_saves_nothing(claim, strict_editor_client):
    response = strict_editor_client.post(reverse("add_note", args=[claim.pk]), {"body": "Hi"})
    assert response.status_code == 403
    page = text_of(response)
    assert "This page has expired" in page
    assert "nothing was saved" in page
    keeps_to_the_policy(response)
    short = strict_editor_client.post(reverse("add_note", args=[claim.pk]), {"body": "Hi"}, **HTMX)
    assert short.status_code == 403
    assert text_of(short).startswith(
        "This page has expired (you may have signed out in another tab)."
    )
    assert not models.Note.objects.exists()
