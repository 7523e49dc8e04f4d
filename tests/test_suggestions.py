"""The assistant's suggestions: offered, accepted into claims, dismissed for good."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import models, services, suggesting
from claims.domain.anchoring import describe
from claims.domain.extraction import SpeakerGuess, Suggestion, pipeline_name
from claims.domain.numbers import ParsedQuantity, Qualifier, Unit
from claims.factories import ArticleFactory, ArticleRevisionFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
BODY = (
    "Officials said on Tuesday that the dam had failed.\n"
    "Regional Governor Maria Lopez told Reuters that 1,200 people had been evacuated.\n"
    "“The water is still rising,” Lopez said.\n"
    "Three engineers quoted by the Daily Star as saying the dam was poorly built."
)


def test_offers_on_the_demo_article_leave_out_every_passage_editors_marked():
    call_command("loaddata", "demo", verbosity=0)
    article = models.Article.objects.get(title__startswith="Will Israeli Strikes")
    found, failure = suggesting.stored_suggestions(article)
    offers = suggesting.offers_for(article)
    claimed = list(article.claims.values_list("start", "end"))
    assert failure == "" and found and claimed
    for offer in offers:
        assert not any(max(offer.start, s) < min(offer.end, e) for s, e in claimed)
    # What was left out overlaps a claim, or nothing was left out.
    left_out = [s for s in found if (s.start, s.end) not in {(o.start, o.end) for o in offers}]
    for suggestion in left_out:
        assert any(max(suggestion.start, s) < min(suggestion.end, e) for s, e in claimed)


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
    assert "Already a claim" in again.text and "Claim created" not in again.text


def test_the_suggestions_show_as_a_layer_in_the_reader(editor_client):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    page = editor_client.get(reverse("article_suggestions", args=[article.pk]))
    assert page.status_code == 200
    assert 'class="sg" data-suggestion=' in page.text and "Suggested claims" in page.text
    part = editor_client.get(reverse("article_suggestions", args=[article.pk]), **HTMX)
    assert 'hx-swap-oob="true"' in part.text


# Stored sets written by hand: what the panel does with them, whatever the pipeline finds.
FERRY = (
    "The harbour master said that the ferry had run aground.\n"
    "Port Director Ana Silva said that 340 passengers were taken ashore.\n"
    "The coastguard said that the tide was falling.\n"
    "A diver said that the hull was intact.\n"
    "The council said that 300 homes near the harbour were flooded."
)


def _suggestion(body: str, passage: str, **fields) -> Suggestion:
    start = body.index(passage)
    values = {
        "speakers": (SpeakerGuess("The harbour master", "person", "", 0, 18),),
        "mode": "paraphrase",
        "conduits": (),
        "conduit_names": (),
        "quantities": (),
        "counted": (),
        "cue": "said",
        "confidence": 0.8,
    }
    return Suggestion(start, start + len(passage), passage, **values | fields)


def _store(article: models.Article, *suggestions: Suggestion) -> None:
    models.SuggestionSet.objects.update_or_create(
        article=article,
        defaults={
            "body_hash": models.body_fingerprint(article.body),
            "pipeline": pipeline_name(),
            "items": [suggesting.to_json(suggestion) for suggestion in suggestions],
        },
    )


@pytest.fixture
def no_pipeline(monkeypatch):
    """The stored set is all the reader may use."""

    def refuse(text, **kwargs):
        raise AssertionError("the pipeline was called although a set is stored")

    monkeypatch.setattr(suggesting, "suggest_claims", refuse)


def _mark(article: models.Article, passage: str, editor) -> models.Claim:
    start = article.body.index(passage)
    return services.create_claim(
        article, describe(article.body, start, start + len(passage)),
        statement="", kind="statement", by=editor,
    )  # fmt: skip


def test_nothing_overlapping_a_claim_is_offered_however_little(editor, no_pipeline):
    article = ArticleFactory(body=FERRY, outlet=OutletFactory())
    passages = [
        "the ferry had run aground",
        "340 passengers were taken ashore",
        "the tide was falling",
        "the hull was intact",
        "300 homes near the harbour were flooded",
    ]
    _store(article, *(_suggestion(FERRY, p) for p in passages))
    _mark(article, "run aground", editor)  # nested inside the first
    _mark(article, "Port Director Ana Silva said that 340 passengers", editor)  # overlaps the start
    _mark(article, "The coastguard said that the tide was falling.", editor)  # contains the third
    _mark(article, "falling.\nA diver said that the", editor)  # 3 of 19 characters of the fourth
    # A claim a correction left behind points into an older text: it hides nothing here.
    lost = _mark(article, "homes near", editor)
    lost.orphaned_from = ArticleRevisionFactory(article=article, number=1, body="Older text.")
    lost.save()
    offers = suggesting.offers_for(article)
    assert [offer.suggestion.quote for offer in offers] == [passages[4]]


def test_accepting_twice_makes_one_claim(editor, editor_client, no_pipeline):
    article = ArticleFactory(body=FERRY, outlet=OutletFactory())
    _store(article, _suggestion(FERRY, "the tide was falling"))
    (offer,) = suggesting.offers_for(article)
    first = suggesting.accept(article, offer, by=editor)
    # A second request that read the offer before the first was saved.
    with pytest.raises(suggesting.AlreadyClaimed) as taken:
        suggesting.accept(article, offer, by=editor)
    assert taken.value.claim == first and models.Claim.objects.count() == 1
    # And through the page: the second click says where the passage went.
    page = editor_client.post(
        reverse("decide_suggestion", args=[article.pk]),
        {"key": offer.key, "decision": "accept"},
        **HTMX,
    )
    assert page.status_code == 200 and "Already a claim" in page.text
    assert f"?claim={first.pk}" in page.text and models.Claim.objects.count() == 1


def test_an_offer_from_an_older_text_is_refused_with_a_reason(editor, editor_client, no_pipeline):
    article = ArticleFactory(body=FERRY, outlet=OutletFactory())
    _store(article, _suggestion(FERRY, "the tide was falling"))
    (offer,) = suggesting.offers_for(article)
    models.Article.objects.filter(pk=article.pk).update(body=FERRY.replace("tide", "wind"))
    with pytest.raises(suggesting.SuggestionGone):
        suggesting.accept(article, offer, by=editor)
    assert not models.Claim.objects.exists()


def test_an_offer_without_a_figure_never_becomes_a_quantity_claim(editor, no_pipeline):
    article = ArticleFactory(body=FERRY, outlet=OutletFactory())
    plain = _suggestion(FERRY, "300 homes near the harbour were flooded")
    figure = ParsedQuantity(
        low=Decimal("340"), high=Decimal("340"), qualifier=Qualifier.EXACT, unit=Unit.COUNT,
        precision=Decimal("10"), wording="340", start=FERRY.index("340"),
        end=FERRY.index("340") + 3,
    )  # fmt: skip
    counted = _suggestion(
        FERRY, "340 passengers were taken ashore", quantities=(figure,), counted=("passengers",)
    )
    _store(article, plain, counted)
    offers = {offer.suggestion.quote: offer for offer in suggesting.offers_for(article)}
    claim = suggesting.accept(article, offers[plain.quote], by=editor)
    assert claim.kind == models.ClaimKind.STATEMENT
    assert not models.Quantity.objects.filter(claim=claim).exists()
    claim = suggesting.accept(article, offers[counted.quote], by=editor)
    assert claim.kind == models.ClaimKind.QUANTITY
    assert (claim.quantity.low, claim.quantity.counted) == (340, "passengers")


def test_each_offer_shows_why_it_was_offered_and_the_source_it_matched(editor_client, no_pipeline):
    article = ArticleFactory(body=FERRY, outlet=OutletFactory())
    silva = SourceFactory(name="Ana Silva", kind="person")
    speaker = SpeakerGuess("Ana Silva", "person", "Port Director", 0, 9, "she, 2 sentences earlier",
                           silva.pk)  # fmt: skip
    reasons = (
        "cue: said",
        "speaker: Ana Silva, Port Director",
        "she → Ana Silva, 2 sentences earlier",
    )
    _store(article, _suggestion(FERRY, "the hull was intact", speakers=(speaker,), reasons=reasons))
    page = editor_client.get(reverse("article_suggestions", args=[article.pk]), **HTMX)
    assert page.status_code == 200
    for reason in reasons:
        assert f"<li>{reason}</li>" in page.text
    assert f'href="{silva.get_absolute_url()}">Ana Silva</a>' in page.text
    assert ">likely</span>" in page.text


def test_less_likely_offers_wait_behind_a_link_and_all_come_in_reading_order(
    editor_client, no_pipeline
):
    article = ArticleFactory(body=FERRY, outlet=OutletFactory())
    later = _suggestion(FERRY, "the hull was intact", confidence=0.9)
    unsure = _suggestion(FERRY, "the tide was falling", confidence=0.3)
    earlier = _suggestion(FERRY, "the ferry had run aground", confidence=0.5)
    _store(article, later, unsure, earlier)
    url = reverse("article_suggestions", args=[article.pk])
    page = editor_client.get(url, **HTMX).text
    shown = [f'id="offer-{s.start}-{s.end}"' for s in (earlier, later)]
    assert all(key in page for key in shown) and page.index(shown[0]) < page.index(shown[1])
    assert f'id="offer-{unsure.start}-{unsure.end}"' not in page
    assert "Show 1 less likely" in page and f'hx-get="{url}?all=1"' in page
    everything = editor_client.get(url, {"all": "1"}, **HTMX).text
    keys = [f'id="offer-{s.start}-{s.end}"' for s in (earlier, unsure, later)]
    assert [everything.index(key) for key in keys] == sorted(everything.index(k) for k in keys)
    assert ">possible</span>" in everything and "Hide 1 less likely" in everything
    # A decision taken while all are shown keeps them shown.
    assert 'name="all" value="1"' in everything


BAD_BODIES = {
    "blank": " \n\t \n ",
    "huge": "The mayor said that the bridge was closed. " * 47_000,  # about 2 MB
    "german": "Der Minister sagte am Dienstag, dass 300 Menschen evakuiert wurden.",
    "control characters": "The mayor\x01 said\x1b[31m that\x07 5 people\u200b\ufeff died.\x7f\x0b",
    "no letters": "— … ” “ ‘ ’ 0 0 0 ,,,, ....",
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_text_gives_a_panel_never_a_server_error(editor_client, body):
    article = ArticleFactory(body=body, outlet=OutletFactory())  # marked English, whatever it holds
    url = reverse("article_suggestions", args=[article.pk])
    for page in (editor_client.get(url), editor_client.get(url, {"all": "1"}, **HTMX)):
        assert page.status_code == 200 and "Suggested claims" in page.text
        assert "No suggestions for this article" in page.text or (
            'class="offer"' in page.text or "suggestions for this article" in page.text
        )
    stored = models.SuggestionSet.objects.get(article=article)
    assert stored.body_hash == models.body_fingerprint(body)
    if not body.strip():
        assert stored.items == [] and "No more suggestions for this article." in page.text


def test_a_text_too_long_says_so_in_the_panel(editor_client, monkeypatch):
    body = "The mayor said that the bridge was closed. " * 47_000
    article = ArticleFactory(body=body, outlet=OutletFactory())

    def refuse(text, **kwargs):
        raise ValueError("The text is too long for suggestions.")

    monkeypatch.setattr(suggesting, "suggest_claims", refuse)
    page = editor_client.get(reverse("article_suggestions", args=[article.pk]), **HTMX)
    assert page.status_code == 200
    assert "No suggestions for this article: The text is too long for suggestions." in page.text
    assert 'class="offer"' not in page.text
