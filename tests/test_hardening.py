"""Hardening: pages that keep working when the people behind a record are gone,
writes that stay single when repeated, and read-only addresses that refuse writes."""

import json
import uuid

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from claims import models, services
from claims.factories import (
    AttributionFactory,
    ClaimFactory,
    LinkFactory,
    NoteFactory,
    UserFactory,
    VerdictFactory,
)
from tests.test_editor_views import HTMX, details

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphaned_claim(editor):
    """A claim whose note author, verdict reviewer and link creator are deleted
    users, with a second note added without any author (as the admin allows)."""
    gone = UserFactory(username="gone.reporter")
    claim = ClaimFactory(statement="The bridge reopened in May.")
    AttributionFactory(claim=claim)
    NoteFactory(claim=claim, author=gone, body="Checked with the council.")
    NoteFactory(claim=claim, author=None, body="Added by hand.")
    VerdictFactory(claim=claim, reviewer=gone, reasoning="The council confirms it.")
    LinkFactory(from_claim=claim, created_by=gone)
    claim.assignee = gone
    claim.save()
    gone.delete()
    return claim


def test_claim_pages_answer_when_author_and_reviewer_are_gone(editor_client, orphaned_claim):
    claim = orphaned_claim
    pages = [
        reverse("claim_detail", args=[claim.pk]),
        reverse("article_reader", args=[claim.article_id]) + f"?claim={claim.pk}",
        reverse("claim_history", args=[claim.pk]),
        reverse("queue"),
        f"/api/claims/{claim.pk}/",
        f"/api/claims/{claim.pk}/annotation/",
        f"/api/articles/{claim.article_id}/annotations/",
    ]
    for url in pages:
        response = editor_client.get(url)
        assert response.status_code == 200, url
    page = editor_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Checked with the council." in page
    assert "Former colleague" in page


def test_claim_with_deleted_people_can_still_be_edited(editor_client, orphaned_claim):
    claim = orphaned_claim
    response = editor_client.post(
        reverse("edit_claim", args=[claim.pk]),
        details(claim, statement="The bridge reopened in June."),
        **HTMX,
    )
    assert response.status_code in (200, 302)
    claim.refresh_from_db()
    assert claim.statement == "The bridge reopened in June."


@pytest.fixture
def api_records():
    claim = ClaimFactory(statement="The mayor said the bridge would reopen.")
    AttributionFactory(claim=claim)
    NoteFactory(claim=claim, body="Asked the council.")
    return claim


API_PATHS = [
    "/api/",
    "/api/schema/",
    "/api/articles/",
    "/api/articles/{article}/",
    "/api/articles/{article}/annotations/",
    "/api/claims/",
    "/api/claims/{claim}/",
    "/api/claims/{claim}/annotation/",
    "/api/sources/",
    "/api/sources/{source}/",
    "/api/questions/",
    "/api/questions/{question}/",
]


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("suffix", ["", ".json", ".jsonld", ".api"])
def test_every_api_address_answers_without_a_server_error(editor_client, api_records, path, suffix):
    claim = api_records
    question = models.Question.objects.create(text="Did the bridge reopen?")
    url = path.format(
        article=claim.article_id,
        claim=claim.pk,
        source=claim.attributions.get().source_id,
        question=question.pk,
    )
    if suffix:
        url = url.rstrip("/") + suffix
    response = editor_client.get(url)
    assert response.status_code < 500, url
    if not suffix or (suffix == ".json" and path not in ("/api/", "/api/schema/")):
        # Addresses the API lists answer, with or without the JSON suffix.
        assert response.status_code == 200, url


@pytest.mark.parametrize("suffix", [".json", ".jsonld"])
def test_annotation_suffixes_choose_the_format(editor_client, api_records, suffix):
    claim = api_records
    for url in (
        f"/api/claims/{claim.pk}/annotation{suffix}",
        f"/api/articles/{claim.article_id}/annotations{suffix}",
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert response.json()["@context"]
        expected = "application/ld+json" if suffix == ".jsonld" else "application/json"
        assert response["Content-Type"].startswith(expected), url


# Every address that only shows something, by URL name and the arguments it needs.
READ_ONLY = [
    ("home", ()),
    ("health", ()),
    ("password_reset_done", ()),
    ("password_reset_complete", ()),
    ("article_list", ()),
    ("article_reader", ("article",)),
    ("article_suggestions", ("article",)),
    ("claim_detail", ("claim",)),
    ("find_claims", ()),
    ("claim_history", ("claim",)),
    ("deleted_claims", ()),
    ("orphaned_claims", ()),
    ("queue", ()),
    ("queue_csv", ()),
    ("source_list", ()),
    ("find_sources", ()),
    ("source_detail", ("source",)),
    ("question_list", ()),
    ("find_questions", ()),
    ("conflict_list", ()),
    ("question_detail", ("question",)),
    ("question_csv", ("question",)),
    ("search", ()),
    ("review_feed", ()),
    ("review_page", ("uid",)),
    ("review_jsonld", ("uid",)),
    ("api-root", ()),
    ("api-schema", ()),
    ("api-article-list", ()),
    ("api-article-detail", ("article",)),
    ("api-article-annotations", ("article",)),
    ("api-claim-list", ()),
    ("api-claim-detail", ("claim",)),
    ("api-claim-annotation", ("claim",)),
    ("api-source-list", ()),
    ("api-source-detail", ("source",)),
    ("api-question-list", ()),
    ("api-question-detail", ("question",)),
]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(("name", "needs"), READ_ONLY, ids=[name for name, _ in READ_ONLY])
def test_read_only_addresses_refuse_writes(editor, api_records, name, needs, method):
    # Signed in as an editor, and with CSRF checks off, so that neither a sign-in
    # page nor a CSRF refusal hides the answer.
    client = Client(enforce_csrf_checks=False)
    client.force_login(editor)
    claim = api_records
    values = {
        "article": claim.article_id,
        "claim": claim.pk,
        "source": claim.attributions.get().source_id,
        "question": models.Question.objects.create(text="Did the bridge reopen?").pk,
        "uid": uuid.uuid4(),
    }
    url = reverse(name, args=[values[need] for need in needs])
    response = getattr(client, method)(url)
    assert response.status_code == 405, url
    assert "GET" in response["Allow"]
    assert "POST" not in response["Allow"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_stranger_writing_to_a_public_address_is_told_405_not_a_csrf_refusal(method):
    """What anyone may read, anyone is told is read-only: with CSRF checks on,
    as a browser or a script without a token meets them."""
    client = Client(enforce_csrf_checks=True)
    publication_uid = uuid.uuid4()
    for url in (
        reverse("review_feed"),
        reverse("review_page", args=[publication_uid]),
        reverse("review_jsonld", args=[publication_uid]),
        reverse("health"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)


def test_head_is_answered_like_get(editor_client):
    claim = ClaimFactory()
    for url in (
        reverse("health"),
        reverse("review_feed"),
        reverse("article_list"),
        reverse("claim_detail", args=[claim.pk]),
        reverse("find_claims") + "?q=bridge",
        reverse("find_sources") + "?q=mayor",
        reverse("find_questions") + "?q=bridge",
    ):
        assert editor_client.head(url).status_code == 200, url


def test_a_clash_the_locks_did_not_prevent_is_a_409_with_a_sentence(editor_client, monkeypatch):
    claim = ClaimFactory()

    def clashing(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(services, "file_under_question", clashing)
    url = reverse("set_question", args=[claim.pk])
    response = editor_client.post(url, {"new_text": "Did it open?"}, **HTMX)
    assert response.status_code == 409
    assert "the same change was being saved at the same moment" in response.text
    # For htmx nothing is swapped (the form keeps what was typed) and the
    # page's problem box is told.
    assert response["HX-Reswap"] == "none"
    assert (
        "the same change was being saved"
        in json.loads(response["HX-Trigger"])["problem"]["message"]
    )
    assert editor_client.post(url, {"new_text": "Did it open?"}).status_code == 409
