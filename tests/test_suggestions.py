"""The assistant's suggestions: offered, accepted into claims, dismissed for good."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import models, suggesting
from claims.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
BODY = (
    "Officials said on Tuesday that the dam had failed.\n"
    "Regional Governor Maria Lopez told Reuters that 1,200 people had been evacuated.\n"
    "“The water is still rising,” Lopez said.\n"
    "Three engineers quoted by the Daily Star as saying the dam was poorly built."
)


def test_offers_leave_out_what_editors_marked_or_dismissed():
    call_command("loaddata", "demo", verbosity=0)
    article = models.Article.objects.get(title__startswith="Will Israeli Strikes")
    offers = suggesting.offers_for(article)
    claimed = list(article.claims.values_list("start", "end"))
    for offer in offers:
        assert not any(start <= offer.start and offer.end <= end for start, end in claimed)
    chedid = next(o for o in offers if "limited strike" in o.suggestion.quote)
    _, source = chedid.speakers[0]
    assert source is not None and source.name == "Antoine Chedid"


def test_accepting_makes_a_claim_with_sources_role_chain_and_figure(editor):
    article = ArticleFactory(body=BODY, outlet=OutletFactory(name="El Diario"))
    offer = next(o for o in suggesting.offers_for(article) if "1,200" in o.suggestion.quote)
    claim = suggesting.accept(article, offer, by=editor)
    assert article.body[claim.start : claim.end] == claim.quote
    attribution = claim.attributions.get()
    assert attribution.source.name == "Maria Lopez" and not attribution.source.is_reviewed
    assert attribution.role == "Regional Governor"
    assert [(c.label, c.source.name if c.source else None) for c in attribution.chain.all()] == [
        ("told Reuters", "Reuters")
    ]
    assert (claim.kind, claim.quantity.low, claim.quantity.wording) == ("quantity", 1200, "1,200")
    # The same speaker later is found, not created again.
    quote = next(o for o in suggesting.offers_for(article) if "rising" in o.suggestion.quote)
    assert quote.speakers[0][1] == attribution.source


def test_dismissed_suggestions_do_not_come_back(editor_client):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    offers = suggesting.offers_for(article)
    first = offers[0]
    response = editor_client.post(
        reverse("decide_suggestion", args=[article.pk]),
        {"key": first.key, "decision": "dismiss"},
        **HTMX,
    )
    assert response.status_code == 200
    assert first.key not in [o.key for o in suggesting.offers_for(article)]
    assert models.DismissedSuggestion.objects.get().quote == first.suggestion.quote
    assert not models.Claim.objects.exists()


def test_accepting_through_the_page_and_a_stale_key(editor_client):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    offer = suggesting.offers_for(article)[1]
    response = editor_client.post(
        reverse("decide_suggestion", args=[article.pk]),
        {"key": offer.key, "decision": "accept"},
        **HTMX,
    )
    assert "Claim created" in response.text and models.Claim.objects.count() == 1
    again = editor_client.post(
        reverse("decide_suggestion", args=[article.pk]),
        {"key": offer.key, "decision": "accept"},
        **HTMX,
    )
    assert again.status_code == 200 and models.Claim.objects.count() == 1


def test_the_suggestions_show_as_a_layer_in_the_reader(editor_client):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    page = editor_client.get(reverse("article_suggestions", args=[article.pk]))
    assert page.status_code == 200
    assert 'class="sg" data-suggestion=' in page.text and "Suggested claims" in page.text
    part = editor_client.get(reverse("article_suggestions", args=[article.pk]), **HTMX)
    assert 'hx-swap-oob="true"' in part.text
