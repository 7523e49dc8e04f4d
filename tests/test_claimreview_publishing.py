"""Published verdicts as schema.org ClaimReview: in the claim page, alone, in a
feed, valid against the vocabulary, and back through the importer."""

import json
import re

import pytest
from django.core.management import call_command

from claims import models, services
from claims.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    SourceFactory,
    VerdictFactory,
)
from claims.formats.claimreview import read_claimreviews
from claims.importing import import_file
from tests.formats.schemaorg import vocabulary_problems

pytestmark = pytest.mark.django_db


def published_claim(url: str = "https://news.example/2024/10/troops", **verdict):
    article = ArticleFactory(url=url, language="en")
    claim = ClaimFactory(
        article=article,
        statement="North Korea has sent 10,000 troops to Russia.",
        status="rated",
    )
    AttributionFactory(
        claim=claim,
        source=SourceFactory(name="Rustem Umerov", kind="person"),
        role="Defence Minister",
    )
    rating = models.Rating.objects.get(slug=verdict.pop("rating", "false"))
    VerdictFactory(claim=claim, rating=rating, reasoning="No evidence.", **verdict)
    services.publish(claim, by=None)
    return claim


def test_a_published_claim_is_a_valid_claimreview_with_everything_google_asks_for(client):
    claim = published_claim()
    response = client.get(f"/reviews/{claim.uid}.jsonld")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    document = response.json()
    assert vocabulary_problems(document) == []
    assert document["claimReviewed"] == "North Korea has sent 10,000 troops to Russia."
    assert document["reviewRating"] == {
        "@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "False",
    }  # fmt: skip
    assert document["itemReviewed"]["author"] == {
        "@type": "Person", "name": "Rustem Umerov", "jobTitle": "Defence Minister",
    }  # fmt: skip
    assert document["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://news.example/2024/10/troops"}
    ]
    assert document["url"].endswith(f"/reviews/{claim.uid}/")


def test_the_claimreview_is_embedded_in_the_claim_page_with_the_csp_nonce(editor_client, client):
    claim = published_claim()
    for response in (
        editor_client.get(claim.get_absolute_url()),
        client.get(f"/reviews/{claim.uid}/"),
    ):
        assert response.status_code == 200
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        block = re.search(
            r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>',
            response.text,
            re.S,
        )
        assert block and block.group(1) == nonce
        assert vocabulary_problems(json.loads(block.group(2))) == []


def test_text_that_could_end_the_script_stays_inside_it(client):
    claim = published_claim()
    models.Claim.objects.filter(pk=claim.pk).update(
        statement='It said </script><script>alert(1)</script> & "more"'
    )
    services.publish_update(claim, by=None)
    response = client.get(f"/reviews/{claim.uid}/")
    head = response.text.split("</head>")[0]
    assert "<script>alert(1)" not in head
    block = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', head, re.S
    )
    assert json.loads(block.group(1))["claimReviewed"].startswith("It said </script>")


def test_only_published_verdicts_are_public(client):
    draft = ClaimFactory()
    VerdictFactory(claim=draft, published_at=None)
    assert client.get(f"/reviews/{draft.uid}/").status_code == 404
    assert client.get(f"/reviews/{draft.uid}.jsonld").status_code == 404


def test_the_feed_pages_through_every_published_review(client):
    claims = [published_claim(f"https://news.example/{n}") for n in range(3)]
    call_command("loaddata", "demo", verbosity=0)
    from claims.views import reviews

    reviews.FEED_PAGE = 2
    try:
        first = client.get("/reviews/feed.jsonld")
        feed = first.json()
        assert feed["@type"] == "DataFeed" and len(feed["dataFeedElement"]) == 2
        following = re.search(r'<([^>]+)>; rel="next"', first["Link"]).group(1)
        rest = client.get(following).json()["dataFeedElement"]
        items = feed["dataFeedElement"] + rest
        assert len(items) == len(claims) + 1
        for item in items:
            problems = vocabulary_problems({"@context": "https://schema.org", **item})
            # The demo's articles carry no web address: nothing to say where the claim appeared.
            assert problems in ([], [p for p in problems if "appearance" in p]), problems
    finally:
        reviews.FEED_PAGE = 50


def test_a_round_trip_through_the_importer_gives_back_the_claim_source_and_rating(client):
    claim = published_claim(rating="misleading")
    text = client.get(f"/reviews/{claim.uid}.jsonld").content
    (review,) = read_claimreviews(text)
    assert (review.claim_reviewed, review.claimant_name, review.rating_label) == (
        "North Korea has sent 10,000 troops to Russia.", "Rustem Umerov", "Misleading",
    )  # fmt: skip
    (outcome,) = import_file("ours.jsonld", text, by=None)
    imported = outcome.article.claims.get()
    assert imported.statement == claim.statement
    assert imported.attributions.get().source == claim.attributions.get().source
    assert imported.verdict.rating.slug == "misleading"


def test_an_imported_rating_our_scale_cannot_read_is_never_published(client):
    review = {
        "@type": "ClaimReview",
        "url": "https://checks.example/2024/tram-fares",
        "claimReviewed": "Tram fares rose tenfold in a year.",
        "author": {"@type": "Organization", "name": "Harbour Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "A stretch, with caveats"},
    }
    (outcome,) = import_file("theirs.json", json.dumps(review).encode(), by=None)
    claim = outcome.article.claims.get()
    with pytest.raises(services.PublishRefused, match="“A stretch, with caveats”, which is not"):
        services.publish(claim, by=None)
    assert not models.Publication.objects.exists()
    assert client.get(f"/reviews/{claim.uid}.jsonld").status_code == 404
    # Once an editor rates it on our scale, it goes out with our rating.
    services.save_verdict(
        claim, rating=models.Rating.objects.get(slug="false"), reasoning="Fares rose by a fifth.",
        evidence=[], by=None,
    )  # fmt: skip
    services.publish(claim, by=None)
    document = client.get(f"/reviews/{claim.uid}.jsonld").json()
    assert document["reviewRating"]["alternateName"] == "False"


def test_a_statement_that_looks_like_markup_comes_back_through_the_importer_as_written(client):
    claim = published_claim()
    statement = "Q&amp;A night: fares <b>doubled</b> & more"
    models.Claim.objects.filter(pk=claim.pk).update(statement=statement)
    services.publish_update(claim, by=None)
    text = client.get(f"/reviews/{claim.uid}.jsonld").content
    (review,) = read_claimreviews(text)
    assert review.claim_reviewed == statement
    (outcome,) = import_file("ours-again.jsonld", text, by=None)
    assert outcome.article.claims.get().statement == statement
