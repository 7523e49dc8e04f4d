"""Hardening: pages that keep working when the people behind a record are gone,
writes that stay single when repeated, and read-only addresses that refuse writes."""

import pytest
from django.urls import reverse

from claims import models
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
