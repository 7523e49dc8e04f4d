"""Every claim of the demo, and its notes, as W3C Web Annotations from the API,
validated against the W3C test suite's "must" assertions."""

import pytest
from django.core.management import call_command

from claims import models
from tests.formats.w3c import assertion_passes, collection_problems, validate_annotation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("loaddata", "demo", verbosity=0)


def test_every_demo_claim_is_a_valid_annotation_with_both_selectors(viewer_client, demo):
    for claim in models.Claim.objects.all():
        response = viewer_client.get(f"/api/claims/{claim.pk}/annotation/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        annotation = response.json()
        assert validate_annotation(annotation) == [], claim
        for optional in (
            "specificResource/4.2.4-textQuoteSelector.json",
            "specificResource/4.2.5-textPositionSelector.json",
        ):
            assert assertion_passes(annotation, optional)
        quote, position = annotation["target"]["selector"]
        assert (quote["exact"], position["start"], position["end"]) == (
            claim.quote,
            claim.start,
            claim.end,
        )
        assert annotation["motivation"] == (
            "assessing" if hasattr(claim, "verdict") else "highlighting"
        )


def test_an_article_is_a_collection_of_its_claims_and_their_notes(viewer_client, demo):
    article = models.Article.objects.get(title__startswith="Officials Say North Korea")
    collection = viewer_client.get(f"/api/articles/{article.pk}/annotations/").json()
    assert collection_problems(collection) == []
    claims = article.claims.count()
    notes = models.Note.objects.filter(claim__article=article).count()
    assert collection["total"] == claims + notes == len(collection["first"]["items"])
    replies = [a for a in collection["first"]["items"] if a["motivation"] == "commenting"]
    assert len(replies) == notes
    for annotation in collection["first"]["items"]:
        assert validate_annotation({"@context": collection["@context"], **annotation}) == []
    page = viewer_client.get(f"/api/articles/{article.pk}/annotations/", {"page": 0}).json()
    assert collection_problems(page) == [] and page["startIndex"] == 0
    assert (
        viewer_client.get(f"/api/articles/{article.pk}/annotations/", {"page": 7}).status_code
        == 404
    )
    assert (
        viewer_client.get(f"/api/articles/{article.pk}/annotations/", {"page": "x"}).status_code
        == 404
    )


def test_annotations_need_a_reader(client, demo):
    claim = models.Claim.objects.first()
    assert client.get(f"/api/claims/{claim.pk}/annotation/").status_code == 401
