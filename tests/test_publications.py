"""Published means reviewed: the public sees exactly what an editor published.

The public page, its ClaimReview and the feed read the publication frozen when
an editor published; edits, restores, merges and removed sources change nothing
public until an editor publishes an update. Unpublishing takes the page down
with a reason and keeps the snapshots.
"""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from claims import models, publishing, services
from claims.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)
from tests.formats.schemaorg import vocabulary_problems

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claim():
    """A rated claim by a named person, with a date, evidence and an article address."""
    article = ArticleFactory(url="https://news.example/troops", title="Troops at the border")
    claim = ClaimFactory(article=article, statement="Ten thousand troops crossed.", status="rated")
    claim.refers_to = article.published_on
    claim.save()
    AttributionFactory(
        claim=claim, source=SourceFactory(name="Ana Ruiz", kind="person"), role="Army spokeswoman"
    )
    verdict = VerdictFactory(
        claim=claim, rating=models.Rating.objects.get(slug="misleading"), reasoning="Only 3,000."
    )
    EvidenceFactory(verdict=verdict, url="https://ministry.example/report", title="The report")
    return claim


def public(client, claim) -> tuple[str, bytes, bytes]:
    """The public page, the ClaimReview and the feed, as anyone gets them.

    The page's CSP nonce and CSRF token change with every request: they are
    blanked, and everything else is compared byte for byte.
    """
    page = client.get(f"/reviews/{claim.uid}/")
    assert page.status_code == 200
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', page.content.decode())
    html = re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', html)
    document = client.get(f"/reviews/{claim.uid}.jsonld")
    feed = client.get("/reviews/feed.jsonld")
    assert document.status_code == feed.status_code == 200
    return html, document.content, feed.content


def publish(editor_client, claim):
    response = editor_client.post(
        reverse("change_status", args=[claim.pk]), {"status": "published"}, **HTMX
    )
    assert response.status_code == 200
    return models.Publication.objects.get(claim_uid=claim.uid, is_current=True)


def publish_update(editor_client, claim, note=""):
    response = editor_client.post(
        reverse("publish_update", args=[claim.pk]), {"correction_note": note}, **HTMX
    )
    assert response.status_code == 200
    return response


def panel(editor_client, claim) -> str:
    return editor_client.get(claim.get_absolute_url(), **HTMX).text


# The edits an editor or curator may make to a published claim, each of which must
# leave the public page alone. Each returns a text the public page shows after an update.


def edit_the_statement(editor_client, claim) -> str:
    from tests.test_editor_views import details

    response = editor_client.post(
        reverse("edit_claim", args=[claim.pk]),
        details(claim, statement="Five thousand troops crossed.", refers_to=""),
        **HTMX,
    )
    assert response.status_code == 200
    return "Five thousand troops crossed."


def publish_a_later_wording(editor_client, claim) -> None:
    """Before the restore: the public page shows a later wording than the first."""
    models.Claim.objects.filter(pk=claim.pk).update(statement="Six thousand troops crossed.")
    services.publish_update(claim, by=None)


def restore_an_old_version(editor_client, claim) -> str:
    first = claim.history.order_by("history_date", "history_id").first()
    assert first.statement == "Ten thousand troops crossed."
    response = editor_client.post(reverse("restore_version", args=[claim.pk, first.history_id]))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "Ten thousand troops crossed." and claim.status == "published"
    return "Ten thousand troops crossed."


def merge_the_claimant(editor_client, claim) -> str:
    kept = SourceFactory(name="Ana María Ruiz", kind="person")
    services.merge_sources(kept, [claim.attributions.get().source])
    return "Ana María Ruiz"


def delete_the_attribution(editor_client, claim) -> str:
    attribution = claim.attributions.get()
    response = editor_client.post(reverse("delete_attribution", args=[attribution.pk]), **HTMX)
    assert response.status_code == 200
    return "an unnamed source"


EDITS = [edit_the_statement, restore_an_old_version, merge_the_claimant, delete_the_attribution]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_an_edit_changes_nothing_public_until_an_update_is_published(
    edit, claim, editor_client, client
):
    publish(editor_client, claim)
    if edit is restore_an_old_version:
        publish_a_later_wording(editor_client, claim)
    before = public(client, claim)
    shown = edit(editor_client, claim)

    assert public(client, claim) == before
    claim_page = editor_client.get(claim.get_absolute_url()).text
    embedded = re.search(r'application/ld\+json" nonce="[^"]+">(.*?)</script>', claim_page, re.S)
    assert json.loads(embedded.group(1)) == json.loads(before[1])
    assert "Changed since published" in panel(editor_client, claim)
    assert shown not in before[0]

    publish_update(editor_client, claim, note="We corrected this check.")
    html, document, feed = public(client, claim)
    assert shown in html and "We corrected this check." in html and "updated" in html
    review = json.loads(document)
    assert "dateModified" in review
    # With its only source removed, the claim has no claimant to name.
    unnamed = edit is delete_the_attribution
    assert vocabulary_problems(review) == (
        ["$: missing itemReviewed.author, which Google recommends"] if unnamed else []
    )
    (item,) = json.loads(feed)["dataFeedElement"]
    assert item["dateModified"] == review["dateModified"]
    assert "Changed since published" not in panel(editor_client, claim)


def test_the_panel_shows_each_changed_field_as_a_word_diff(claim, editor_client):
    publish(editor_client, claim)
    edit_the_statement(editor_client, claim)
    text = panel(editor_client, claim)
    section = text[text.index("Changed since published") :]
    assert "<dt>Statement</dt>" in section
    assert "<del>Ten</del>" in section and "<ins>Five</ins>" in section
    assert "<dt>Claimed by</dt>" not in section  # unchanged fields are not listed
    assert 'name="correction_note"' in section and "Publish update" in section


def test_the_public_page_shows_what_was_published(claim, editor_client, client):
    publish(editor_client, claim)
    html = client.get(f"/reviews/{claim.uid}/").text
    for text in (
        "Ten thousand troops crossed.",
        "Misleading",
        "Ana Ruiz",
        "Army spokeswoman",
        "Only 3,000.",
        "The report",
        "Troops at the border",
    ):
        assert text in html, text
    assert "updated" not in html and "Correction" not in html


def test_unpublishing_needs_a_reason_and_stores_nothing_without_one(claim, editor_client, client):
    publish(editor_client, claim)
    response = editor_client.post(
        reverse("unpublish_claim", args=[claim.pk]), {"reason": "   "}, **HTMX
    )
    assert response.status_code == 422 and "Say why" in response.text
    assert client.get(f"/reviews/{claim.uid}/").status_code == 200
    assert models.Publication.objects.get().withdrawn_at is None


def test_unpublishing_takes_the_page_down_and_keeps_the_snapshots(claim, editor_client, client):
    publish(editor_client, claim)
    edit_the_statement(editor_client, claim)
    publish_update(editor_client, claim)
    response = editor_client.post(
        reverse("unpublish_claim", args=[claim.pk]), {"reason": "The ministry withdrew it."}, **HTMX
    )
    assert response.status_code == 200
    for url in (f"/reviews/{claim.uid}/", f"/reviews/{claim.uid}.jsonld"):
        gone = client.get(url)
        assert gone.status_code == 404
        assert "troops" not in gone.content.decode().lower()
    assert json.loads(client.get("/reviews/feed.jsonld").content)["dataFeedElement"] == []
    snapshots = models.Publication.objects.filter(claim_uid=claim.uid).order_by("number")
    assert [(p.number, p.is_current) for p in snapshots] == [(1, False), (2, False)]
    assert snapshots[1].withdrawal_reason == "The ministry withdrew it."
    claim.refresh_from_db()
    assert claim.status == "rated" and claim.verdict.published_at is None
    assert "The ministry withdrew it." in panel(editor_client, claim)
    # Publishing again puts the claim as it reads now back up.
    publish(editor_client, claim)
    assert "Five thousand troops crossed." in client.get(f"/reviews/{claim.uid}/").text


def test_a_published_claim_cannot_change_status_without_being_unpublished(
    claim, editor_client, client
):
    publish(editor_client, claim)
    response = editor_client.post(
        reverse("change_status", args=[claim.pk]), {"status": "in_review"}, **HTMX
    )
    assert response.status_code == 422 and "unpublish it first" in response.text
    claim.refresh_from_db()
    assert claim.status == "published"
    assert client.get(f"/reviews/{claim.uid}/").status_code == 200


def test_publishing_needs_a_verdict(editor_client):
    unrated = ClaimFactory(status="in_review")
    response = editor_client.post(
        reverse("change_status", args=[unrated.pk]), {"status": "published"}, **HTMX
    )
    assert response.status_code == 422 and "Rate the claim first" in response.text
    assert not models.Publication.objects.exists()


def test_a_correction_note_too_long_is_refused_and_nothing_is_published(claim, editor_client):
    publish(editor_client, claim)
    edit_the_statement(editor_client, claim)
    response = editor_client.post(
        reverse("publish_update", args=[claim.pk]), {"correction_note": "x" * 2001}, **HTMX
    )
    assert response.status_code == 422 and "under 2000 characters" in response.text
    assert 'aria-invalid="true"' in response.text
    assert models.Publication.objects.count() == 1


def test_a_normal_post_is_answered_with_the_claim_page(claim, editor_client):
    publish(editor_client, claim)
    response = editor_client.post(reverse("publish_update", args=[claim.pk]), {})
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    refused = editor_client.post(reverse("unpublish_claim", args=[claim.pk]), {"reason": ""})
    assert refused.status_code == 422 and "<html" in refused.text and "Say why" in refused.text


def test_only_editors_who_may_rate_may_publish_or_unpublish(claim, editor_client, viewer_client):
    # An editor without the verdict permission may change the claim, not publish it.
    limited = UserFactory()
    limited.user_permissions.add(Permission.objects.get(codename="change_claim"))
    from django.test import Client

    limited_client = Client()
    limited_client.force_login(limited)
    for who in (limited_client, viewer_client):
        response = who.post(
            reverse("change_status", args=[claim.pk]), {"status": "published"}, **HTMX
        )
        assert response.status_code == 403
    assert not models.Publication.objects.exists()
    publish(editor_client, claim)
    for who in (limited_client, viewer_client):
        for name, data in (("publish_update", {}), ("unpublish_claim", {"reason": "No."})):
            assert who.post(reverse(name, args=[claim.pk]), data, **HTMX).status_code == 403
    publication = models.Publication.objects.get()
    assert publication.is_current and publication.withdrawn_at is None


def test_the_public_page_reads_a_bounded_number_of_queries(
    claim, editor_client, client, django_assert_max_num_queries
):
    publish(editor_client, claim)
    for _ in range(3):
        other = VerdictFactory().claim
        AttributionFactory(claim=other)
        services.publish(other, by=None)
    with django_assert_max_num_queries(1):
        assert client.get(f"/reviews/{claim.uid}/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(f"/reviews/{claim.uid}.jsonld").status_code == 200
    with django_assert_max_num_queries(1):
        assert len(client.get("/reviews/feed.jsonld").json()["dataFeedElement"]) == 4


def test_who_published_and_when_is_recorded(claim, editor, editor_client):
    first = publish(editor_client, claim)
    assert first.published_by == editor and first.modified_at is None
    publish_update(editor_client, claim, note="Name fixed.")
    update = models.Publication.objects.get(claim_uid=claim.uid, is_current=True)
    assert (update.number, update.published_by, update.correction_note) == (
        2,
        editor,
        "Name fixed.",
    )
    assert update.first_published_at == first.first_published_at and update.modified_at


def test_claims_published_before_publications_keep_their_public_pages(claim, client):
    """The migration's data step freezes every claim whose verdict was published."""
    models.Verdict.objects.filter(claim=claim).update(published_at="2024-10-30T12:00:00Z")
    models.Claim.objects.filter(pk=claim.pk).update(status="published")
    migration = importlib.import_module("claims.migrations.0019_publications")
    migration.snapshot_published_claims(apps, None)
    migration.snapshot_published_claims(apps, None)  # twice: nothing doubles
    publication = models.Publication.objects.get()
    live = publishing.claims_to_snapshot().get(pk=claim.pk)
    assert publishing.changes_since(live, publication) == []
    assert publication.first_published_at.isoformat().startswith("2024-10-30")
    assert "Ten thousand troops crossed." in client.get(f"/reviews/{claim.uid}/").text


def test_the_demo_loads_twice_with_its_published_check_public_and_unchanged(editor_client, client):
    call_command("loaddata", "demo", verbosity=0)
    call_command("loaddata", "demo", verbosity=0)
    (publication,) = models.Publication.objects.all()
    claim = models.Claim.objects.get(uid=publication.claim_uid)
    assert claim.status == "published"
    assert "There is evidence that North Korean troops" in client.get(f"/reviews/{claim.uid}/").text
    live = publishing.claims_to_snapshot().get(pk=claim.pk)
    assert live.verdict and publishing.changes_since(live, publication) == []
    assert "Changed since published" not in panel(editor_client, claim)


def test_generated_published_claims_have_public_pages(client):
    call_command("generate_data", "--articles", "20", "--claims-per-article", "5", verbosity=0)
    published = models.Claim.objects.filter(status="published")
    assert published.exists()
    current = models.Publication.objects.current()
    assert set(current.values_list("claim_uid", flat=True)) == set(
        published.values_list("uid", flat=True)
    )
    claim = published.first()
    assert client.get(f"/reviews/{claim.uid}/").status_code == 200
    live = publishing.claims_to_snapshot().get(pk=claim.pk)
    assert publishing.changes_since(live, current.get(claim_uid=claim.uid)) == []


def test_a_published_claim_is_not_deleted_until_it_is_unpublished(claim, editor_client, client):
    publish(editor_client, claim)
    refused = editor_client.post(reverse("delete_claim", args=[claim.pk]), **HTMX)
    assert refused.status_code == 422 and "unpublish it first" in refused.text
    page = editor_client.post(reverse("delete_claim", args=[claim.pk]), follow=True)
    assert page.redirect_chain[-1][0] == claim.get_absolute_url()
    assert "unpublish it first" in page.text
    assert models.Claim.objects.filter(pk=claim.pk).exists()
    assert client.get(f"/reviews/{claim.uid}/").status_code == 200
    editor_client.post(reverse("unpublish_claim", args=[claim.pk]), {"reason": "Duplicate."})
    editor_client.post(reverse("delete_claim", args=[claim.pk]), **HTMX)
    assert not models.Claim.objects.filter(pk=claim.pk).exists()
    assert client.get(f"/reviews/{claim.uid}/").status_code == 404
