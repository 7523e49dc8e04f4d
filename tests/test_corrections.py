"""Corrections: a new revision, claims re-anchored, lost passages listed, never dropped."""

import re

import pytest
from django.urls import reverse

from claims import models, services
from claims.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

BODY = (
    "The ministry said 1,200 people were evacuated on Sunday.\n"
    "Officials added that the dam had been inspected in May.\n"
    "Engineers warned the spillway was blocked."
)


def claim_on(article, quote):
    start = article.body.index(quote)
    return ClaimFactory(article=article, quote=quote, start=start, end=start + len(quote))


def test_a_correction_keeps_the_old_text_and_moves_every_claim_it_can():
    article = ArticleFactory(body=BODY)
    evacuated = claim_on(article, "1,200 people were evacuated on Sunday")
    inspected = claim_on(article, "the dam had been inspected in May")
    blocked = claim_on(article, "the spillway was blocked")
    corrected = (
        "Correction appended.\n"
        "The ministry said 1,400 people were evacuated on Sunday.\n"
        "Engineers warned the spillway was blocked."
    )
    report = services.correct_article(article, corrected, note="Figure corrected", by=None)
    assert (report.kept, report.moved, report.adjusted, report.orphaned) == (0, 1, 1, 1)
    revision = article.revisions.get()
    assert (revision.number, revision.body, revision.note) == (1, BODY, "Figure corrected")
    article.refresh_from_db()
    assert article.body == corrected and article.version == 2
    for claim in (evacuated, inspected, blocked):
        claim.refresh_from_db()
    assert evacuated.quote == "1,400 people were evacuated on Sunday"
    assert article.body[evacuated.start : evacuated.end] == evacuated.quote
    assert article.body[blocked.start : blocked.end] == "the spillway was blocked"
    assert inspected.orphaned_from == revision
    assert (
        revision.body[inspected.start : inspected.end] == inspected.quote
    )  # still anchored, in the old text
    assert models.Claim.objects.filter(pk=inspected.pk).exists()


def test_a_passage_that_comes_back_in_a_later_correction_is_found_again():
    article = ArticleFactory(body=BODY)
    claim = claim_on(article, "the dam had been inspected in May")
    services.correct_article(
        article, BODY.replace("the dam had been inspected in May", "nothing"), note="x", by=None
    )
    claim.refresh_from_db()
    assert claim.orphaned_from is not None
    report = services.correct_article(article, BODY, note="Restored the sentence", by=None)
    claim.refresh_from_db()
    assert report.recovered == 1 and claim.orphaned_from is None
    assert article.revisions.count() == 2


def test_editors_correct_through_the_page_and_see_what_happened(editor_client):
    article = ArticleFactory(body=BODY)
    claim = claim_on(article, "the dam had been inspected in May")
    form = editor_client.get(reverse("correct_article", args=[article.pk]))
    assert form.status_code == 200 and "the dam had been inspected in May" in form.text
    response = editor_client.post(
        reverse("correct_article", args=[article.pk]),
        {"body": BODY.replace("Officials added that the dam had been inspected in May.\n", ""),
         "note": "Removed an unverified sentence", "version": article.version},
        follow=True,
    )  # fmt: skip
    assert "1 lost their passage" in response.text
    assert "lost its passage in a correction" in response.text
    orphans = editor_client.get(reverse("orphaned_claims"), {"article": article.pk})
    assert "the dam had been inspected in May" in orphans.text and "<del>" in orphans.text
    # Pointing it at a passage of the new text brings it back into the reader.
    editor_client.post(
        reverse("reanchor_claim", args=[claim.pk]), {"passage": "the spillway was blocked"}
    )
    claim.refresh_from_db()
    assert claim.orphaned_from is None and claim.quote == "the spillway was blocked"


def test_what_changed_around_a_lost_passage_shows_whole_words(editor_client):
    body = "Alpha " * 40 + "the dam had been inspected in May." + " Omega" * 40
    article = ArticleFactory(body=body)
    claim_on(article, "the dam had been inspected in May")
    services.correct_article(
        article,
        body.replace("the dam had been inspected in May.", "nothing was checked."),
        note="",
        by=None,
    )
    orphans = editor_client.get(reverse("orphaned_claims"), {"article": article.pk})
    shown = re.search(r'<p class="word-diff context">(.*?)</p>', orphans.text, re.S).group(1)
    assert shown.startswith("Alpha ") and shown.endswith(" Omega")
    assert "<del>the dam had been inspected in May</del><ins>nothing was checked</ins>." in shown


def test_a_correction_made_meanwhile_is_not_overwritten(editor_client, curator_client):
    article = ArticleFactory(body=BODY)
    opened = article.version
    services.correct_article(article, BODY + "\nUpdate: the river fell.", note="Update", by=None)
    response = curator_client.post(
        reverse("correct_article", args=[article.pk]),
        {"body": BODY + "\nMy own edit.", "note": "Mine", "version": opened},
    )
    assert response.status_code == 409
    assert "Someone else corrected this article" in response.text
    assert "My own edit." in response.text
    article.refresh_from_db()
    assert article.body.endswith("the river fell.")


def test_bad_corrections_are_refused_and_change_nothing(editor_client):
    article = ArticleFactory(body=BODY)
    for body in ("   ", "text with a \x00 NUL"):
        response = editor_client.post(
            reverse("correct_article", args=[article.pk]),
            {"body": body, "note": "x", "version": article.version},
        )
        assert response.status_code == 422
    article.refresh_from_db()
    assert article.body == BODY and not article.revisions.exists()


def test_a_new_text_saved_in_the_admin_is_a_correction_too(curator_client):
    article = ArticleFactory(body=BODY)
    claim = claim_on(article, "the spillway was blocked")
    data = {
        "outlet": article.outlet_id, "title": article.title, "url": article.url, "published_on": "",
        "authors": article.authors, "language": "en", "body": "Preface.\n" + BODY,
        "seen_version": article.version, "claims-TOTAL_FORMS": 1, "claims-INITIAL_FORMS": 1,
        "claims-0-id": claim.pk, "claims-0-article": article.pk, "claims-0-statement": claim.statement,
        "claims-0-kind": claim.kind, "claims-0-status": claim.status,
    }  # fmt: skip
    response = curator_client.post(reverse("admin:claims_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content[:2000]
    claim.refresh_from_db()
    article.refresh_from_db()
    assert article.revisions.count() == 1
    assert article.body[claim.start : claim.end] == "the spillway was blocked"
