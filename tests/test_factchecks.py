"""Other newsrooms' fact-checks, read faithfully: round-ups, ratings in many languages, the
fact-checker and the claimant, plain text, and verdicts waiting for an editor to settle."""

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims import models, services
from claims.factchecks import (
    DATA,
    generic_claimants,
    generic_kind,
    label_slug,
    phrase_key,
    rating_for,
    rating_labels,
)
from claims.factories import (
    ArticleFactory,
    ClaimFactory,
    OutletDomainFactory,
    OutletFactory,
    QuestionFactory,
    SourceFactory,
)
from claims.formats.claimreview import language_tag, read_claimreviews
from claims.importing import import_file
from claims.scale import DEFAULT_SCALE

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parent / "data" / "interop" / "claimreview-examples"
HTMX = {"HTTP_HX_REQUEST": "true"}
ROUND_UP = "https://checks.example/2024/05/budget-night-round-up/"


def review(claim: str = "The city spent half its budget on roads.", **changes: Any) -> dict:
    """A ClaimReview as fact-checkers write it; a change of None removes the key."""
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": ROUND_UP,
        "datePublished": "2024-05-02",
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Harbour Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Mara Lind", "jobTitle": "Councillor"},
            "appearance": {"@type": "CreativeWork", "url": "https://paper.example/council"},
        },
    }
    node.update(changes)
    return {key: value for key, value in node.items() if value is not None}


def imported(*reviews: dict, name: str = "reviews.json") -> list:
    return import_file(name, json.dumps(list(reviews)).encode(), by=None)


def counts() -> dict[str, int]:
    tables = (models.Article, models.Claim, models.Verdict, models.Evidence, models.Note)
    counted = {table.__name__: table.objects.count() for table in tables}
    counted["Source"] = models.Source.objects.count()
    return counted


# 1. The review's address and the reviewed item's ------------------------------------------


def test_a_round_up_brings_in_every_claim_it_reviews_and_again_nothing():
    claims = ["Bus fares doubled last year.", "The port handles a third of exports.", "Crime fell."]
    outcomes = imported(*(review(text) for text in claims))
    assert [o.status for o in outcomes] == ["imported"] * 3
    article = models.Article.objects.get()
    assert article.url == ROUND_UP and article.body == "\n\n".join(claims)
    stored = list(article.claims.order_by("start"))
    assert [c.quote for c in stored] == claims
    assert all(article.body[c.start : c.end] == c.quote for c in stored)
    assert all(c.verdict.evidence.get().url == ROUND_UP for c in stored)
    before = counts()
    again = imported(*(review(text) for text in claims), name="same-again.json")
    assert [o.status for o in again] == ["duplicate"] * 3
    assert counts() == before


def test_a_later_file_adds_a_claim_of_the_same_round_up_without_moving_the_others():
    imported(review("Bus fares doubled last year."))
    first = models.Claim.objects.get()
    (outcome,) = imported(review("The port handles a third of exports."), name="later.json")
    assert outcome.status == "imported"
    first.refresh_from_db()
    article = first.article
    assert (first.start, first.end) == (0, len("Bus fares doubled last year."))
    assert article.claims.count() == 2 and models.Article.objects.count() == 1
    assert all(article.body[c.start : c.end] == c.quote for c in article.claims.all())


def test_where_the_claim_appeared_is_not_the_review():
    # The article the claim appeared in is here already: the review is still a review.
    ArticleFactory(url="https://paper.example/council", body="The councillor spoke.")
    (outcome,) = imported(review())
    assert outcome.status == "imported" and outcome.article.url == ROUND_UP
    note = outcome.article.claims.get().notes.get()
    assert "https://paper.example/council" in note.body
    # Another fact-checker's review of the same post, at its own address, comes in too.
    other = review(url="https://other-checks.example/roads", author={"name": "Other Checks"})
    (second,) = imported(other, name="other.json")
    assert (
        second.status == "imported" and second.article.url == "https://other-checks.example/roads"
    )


def test_the_same_words_under_another_address_are_another_review():
    imported(review())
    (outcome,) = imported(review(url="https://checks.example/2024/06/roads-again/"), name="b.json")
    assert outcome.status == "imported" and models.Article.objects.count() == 2


def test_a_review_without_an_address_is_not_imported_twice():
    (first,) = imported(review(url=None))
    assert first.status == "imported" and first.article.url == ""
    before = counts()
    (again,) = imported(review(url=None), name="again.json")
    assert again.status == "duplicate" and counts() == before


def test_the_fact_checks_own_page_gets_the_claim_marked_where_it_quotes_it():
    page = ArticleFactory(
        url=ROUND_UP,
        body="We looked at the claim. The city spent half its budget on roads. It did not.",
    )
    (outcome,) = imported(review())
    claim = page.claims.get()
    assert outcome.status == "imported" and page.body[claim.start : claim.end] == claim.quote
    page.refresh_from_db()
    assert page.body.startswith("We looked at the claim.")  # the page's text is not added to


def test_a_page_that_does_not_quote_the_claim_is_left_alone_with_a_reason():
    page = ArticleFactory(url=ROUND_UP, body="A page about something else entirely.")
    before = counts()
    (outcome,) = imported(review())
    assert outcome.status == "refused" and "does not quote the claim" in outcome.detail
    assert counts() == before and page.claims.count() == 0


# 2. Ratings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("True", "accurate"),
        ("TRUE.", "accurate"),
        ("Mostly True", "mostly-accurate"),
        ("Half True", "misleading"),
        ("half-true", "misleading"),
        ("Not true", "false"),
        ("Mixture", "misleading"),
        ("Partly false", "misleading"),
        ("Missing context", "misleading"),
        ("Mostly false", "misleading"),
        ("Pants on Fire!", "false"),
        ("Four Pinocchios", "false"),
        ("Two Pinocchios", "misleading"),
        ("Unsupported", "unproven"),
        ("No evidence", "unproven"),
        ("Exaggerated", "misleading"),
        ("Satire", "misleading"),
        ("Fake", "false"),
        ("Falso", "false"),
        ("Falso.", "false"),
        ("Faux", "false"),
        ("Falsch", "false"),
        ("Verdadeiro", "accurate"),
        ("Engañoso", "misleading"),
        ("enganoso", "misleading"),
        ("não_é_bem_assim", "misleading"),
        ("Vrai", "accurate"),
        ("Trompeur", "misleading"),
        ("Richtig", "accurate"),
        ("Irreführend", "misleading"),
        ("Vero", "accurate"),
        ("Fuorviante", "misleading"),
        ("صحيح", "accurate"),
        ("خطأ", "false"),
        ("خطا", "false"),
        ("زائف", "false"),
        ("مضلل", "misleading"),
        ("FALSO: the photo is from another year", "false"),
    ],
)
def test_labels_are_read_through_the_table_as_whole_phrases(label: str, slug: str):
    assert label_slug(label) == slug
    assert rating_for(label, None, None, None).slug == slug


@pytest.mark.parametrize(
    "label",
    [
        "True story, but the figures are from another year",
        "The minister said half of it was true",
        "Not quite",
        "Wahrheit",
    ],
)
def test_a_label_is_never_read_from_a_word_inside_it(label: str):
    assert label_slug(label) is None
    assert rating_for(label, None, None, None) is None


@pytest.mark.parametrize(
    ("value", "best", "worst", "slug"),
    [
        (1, 5, 1, "false"),
        (5, 5, 1, "accurate"),
        (4, 5, 1, "mostly-accurate"),
        (2, 5, 1, "misleading"),
        # Half way is half true: misleading, the lower of the two nearest, never unproven.
        (3, 5, 1, "misleading"),
        (0, 2, 0, "false"),
        (6, 6, 1, "accurate"),
        (Decimal("0.9"), 1, 0, "accurate"),
    ],
)
def test_an_unknown_label_is_placed_by_its_numbers(value, best, worst, slug):
    numbers = (Decimal(value), Decimal(best), Decimal(worst))
    assert rating_for("Quite a stretch", *numbers).slug == slug


@pytest.mark.parametrize(
    ("value", "best", "worst"),
    [(3, 5, None), (None, 5, 1), (3, None, 1), (-1, -1, -1), (7, 5, 1)],
)
def test_an_unknown_label_without_a_whole_scale_is_not_placed(value, best, worst):
    numbers = [None if n is None else Decimal(n) for n in (value, best, worst)]
    assert rating_for("Quite a stretch", *numbers) is None


def test_an_unknown_label_is_kept_as_written_and_waits_for_an_editor():
    rating = {"@type": "Rating", "alternateName": "The councillor mixed up two budgets"}
    (outcome,) = imported(review(reviewRating=rating))
    claim = outcome.article.claims.get()
    verdict = claim.verdict
    assert verdict.rating is None and verdict.is_unmapped
    assert verdict.imported_label == "The councillor mixed up two budgets"
    assert claim.status == "in_review"
    assert "unmapped: The councillor mixed up two budgets" in outcome.detail
    assert str(verdict).startswith("unmapped: The councillor")


def test_a_verdict_has_a_rating_from_our_scale_or_their_words_at_least():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Verdict.objects.create(claim=claim, rating=None, reasoning="Nothing to go on.")
    verdict = models.Verdict.objects.create(
        claim=claim, rating=None, imported_label="Doubtful", reasoning="Theirs."
    )
    assert verdict.rating_label == "unmapped: Doubtful"


def test_a_known_label_keeps_the_other_newsrooms_words_too():
    (outcome,) = imported(review(reviewRating={"alternateName": "Engañoso"}))
    verdict = outcome.article.claims.get().verdict
    assert (verdict.rating.slug, verdict.imported_label) == ("misleading", "Engañoso")
    assert outcome.article.claims.get().status == "rated"


def test_the_table_is_data_every_row_names_a_step_of_our_scale_and_a_language():
    slugs = {slug for slug, *_ in DEFAULT_SCALE}
    with (DATA / "rating_labels.csv").open(encoding="utf-8", newline="") as rows:
        rows = list(csv.DictReader(rows))
    assert rows and all(row["rating"] in slugs for row in rows)
    assert all(language_tag(row["language"]) == row["language"] for row in rows)
    languages = {row["language"] for row in rows}
    assert {"en", "es", "pt", "fr", "de", "it", "ar"} <= languages
    # A label that reads the same in two languages means the same step in both.
    assert len(rating_labels()) <= len(rows)
    for required in ("four pinocchios", "one pinocchio", "three pinocchios", "unproven", "fake"):
        assert required in rating_labels()


def test_phrases_match_whole_whatever_their_case_accents_and_punctuation():
    assert phrase_key("  NÃO_É bem-assim!! ") == phrase_key("nao e bem assim")
    assert phrase_key("Größtenteils  richtig") == phrase_key("grösstenteils richtig")
    assert phrase_key("خطأ") == phrase_key("خطا")
    # A Devanagari vowel sign is part of its letter: it is kept.
    assert phrase_key("सही") != phrase_key("सह")


# 3. The fact-checker and the claimant ---------------------------------------------------------


def test_the_fact_checker_is_the_outlet_and_its_people_are_the_authors():
    authors = [{"@type": "Person", "name": "Ida Berg"}, {"@type": "Person", "name": "Tom Sand"}]
    publisher = {"@type": "Organization", "name": "Harbour Checks"}
    (outcome,) = imported(review(author=authors, publisher=publisher))
    article = outcome.article
    assert (article.outlet.name, article.outlet.kind) == ("Harbour Checks", "outlet")
    assert article.authors == "Ida Berg, Tom Sand"
    assert not models.Source.objects.filter(name__in=["Ida Berg", "Tom Sand"]).exists()


def test_an_author_is_never_the_outlet_even_typed_as_an_organisation():
    author = {
        "@type": "Organization",
        "name": "Ida Berg",
        "url": "https://checks.example/author/ida-berg/",
    }
    (outcome,) = imported(review(author=author))
    assert outcome.article.outlet.name == "checks.example"
    assert outcome.article.authors == "Ida Berg"
    assert not models.Source.objects.filter(name="Ida Berg").exists()


def test_a_domain_a_curator_listed_names_the_fact_checker():
    harbour = OutletFactory(name="Harbour Checks")
    OutletDomainFactory(outlet=harbour, domain="checks.example")
    (outcome,) = imported(review(author={"@type": "Person", "name": "Ida Berg"}))
    assert outcome.article.outlet == harbour


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Social media users", "group"),
        ("Facebook posts", "group"),
        ("Multiple sources", "group"),
        ("Viral posts", "group"),
        ("Various websites", "group"),
        ("Internet users", "group"),
        ("WhatsApp messages", "group"),
        ("Usuarios de redes sociales", "group"),
        ("Várias fontes", "group"),
        ("Réseaux sociaux", "group"),
        ("Facebook-Nutzer", "group"),
        ("Facebook, WhatsApp and Twitter", "group"),
        ("a Facebook user", None),
        ("Facebook user", "anonymous"),
        ("Facebook", None),
        ("Mara Lind", None),
    ],
)
def test_generic_claimants_are_groups_never_persons(name: str, kind: str | None):
    assert generic_kind(name) == kind


def test_a_generic_claimant_becomes_a_group_source_once():
    item = {"@type": "Claim", "author": {"@type": "Person", "name": "Social media users"}}
    imported(review(itemReviewed=item), review("Another claim.", itemReviewed=item))
    source = models.Source.objects.get(name="Social media users")
    assert source.kind == "group" and source.attributions.count() == 2


def test_the_claimant_is_the_source_of_the_claim():
    SourceFactory(name="Mara Lind", kind="person")
    (outcome,) = imported(review())
    attribution = outcome.article.claims.get().attributions.get()
    assert (attribution.source.name, attribution.role) == ("Mara Lind", "Councillor")
    assert models.Source.objects.filter(name="Mara Lind").count() == 1


def test_the_generic_claimant_table_is_data():
    collectives, platforms = generic_claimants()
    assert {"group", "anonymous"} >= set(collectives.values()) and "facebook" in platforms
    with (DATA / "generic_claimants.csv").open(encoding="utf-8", newline="") as rows:
        languages = {row["language"] for row in csv.DictReader(rows)}
    assert {"en", "es", "pt", "fr", "de"} <= languages


# 4. Plain text and language ---------------------------------------------------------------------


def test_text_is_unescaped_and_stripped_of_markup_everywhere():
    (outcome,) = imported(
        review(
            "<p>The city&#8217;s roads &amp; bridges took &quot;half&quot; the budget.</p>",
            author={"@type": "Organization", "name": "Harbour &amp; Bay Checks"},
            reviewRating={"alternateName": "<b>Falso</b>"},
            reviewBody="Budget papers show a fifth.<br/>&#8220;Not half,&#8221; the treasurer said.",
        )
    )
    article = outcome.article
    assert article.body == 'The city’s roads & bridges took "half" the budget.'
    assert article.title == article.body and article.outlet.name == "Harbour & Bay Checks"
    verdict = article.claims.get().verdict
    assert (verdict.rating.slug, verdict.imported_label) == ("false", "Falso")
    assert "“Not half,” the treasurer said." in verdict.reasoning
    assert "<" not in verdict.reasoning and "&#" not in verdict.reasoning


@pytest.mark.parametrize(
    ("in_language", "claim", "expected"),
    [
        ("pt_BR", "A ponte foi paga duas vezes.", "pt-BR"),
        ({"@type": "Language", "name": "Spanish"}, "El puente se pagó dos veces.", "es"),
        (None, "A prefeitura gastou metade do orçamento em estradas e pontes.", "pt"),
        (None, "Die Stadt hat die Hälfte ihres Haushalts für Straßen ausgegeben.", "de"),
    ],
)
def test_in_language_is_the_articles_language(in_language, claim, expected):
    (outcome,) = imported(review(claim, inLanguage=in_language))
    assert outcome.article.language == expected


# The real examples ---------------------------------------------------------------------------


def test_the_real_examples_read_with_their_fact_checkers_and_ratings():
    found = {}
    for path in sorted(EXAMPLES.glob("*.json")):
        (outcome,) = import_file(path.name, path.read_bytes(), by=None)
        assert outcome.status == "imported", outcome.detail
        verdict = outcome.article.claims.get().verdict
        (written,) = read_claimreviews(path.read_bytes())
        assert verdict.imported_label == written.rating_label  # kept as written
        found[path.name[:2]] = (
            outcome.article.outlet.name,
            verdict.rating.slug if verdict.rating else "unmapped",
        )
    assert found == {
        "01": ("Africa Check", "false"),
        "02": ("AFP Fact Check", "false"),
        "03": ("Deutsche Presse-Agentur", "unmapped"),  # a sentence, and no numbers
        "04": ("Newtral", "misleading"),
        "05": ("Aos Fatos", "misleading"),
        "06": ("India Today", "misleading"),
        "07": ("FactCheckZW", "unmapped"),  # a sentence, and an empty ratingValue
        "08": ("UOL Confere", "false"),
        "09": ("The Quint", "false"),
        "10": ("Agencia EFE", "false"),
    }
    claimants = {s.name: s.kind for s in models.Source.objects.exclude(kind="outlet")}
    assert claimants["multiple sources"] == claimants["Social media users"] == "group"
    assert claimants["Facebook,WhatsApp,Twitter,media outlets"] == "group"
    assert "Luiz Fernando Menezes" not in claimants  # Aos Fatos's author, not a source
    assert {a.language for a in models.Article.objects.all()} >= {"de", "es", "pt"}


# Everything that reads a verdict's rating copes with none ---------------------------------------


@pytest.fixture
def unmapped_claim():
    rating = {"@type": "Rating", "alternateName": "Needs a closer look"}
    (outcome,) = imported(review(reviewRating=rating))
    return outcome.article.claims.get()


def test_the_claim_panel_shows_the_label_and_the_way_to_settle_it(editor_client, unmapped_claim):
    response = editor_client.get(reverse("claim_detail", args=[unmapped_claim.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "unmapped: Needs a closer look" in page
    assert "settle it by rating the claim on our scale below" in page
    assert '<details class="verdict-form" open>' in page
    response = editor_client.post(
        reverse("save_verdict", args=[unmapped_claim.pk]),
        {"rating": models.Rating.objects.get(slug="misleading").pk, "reasoning": "Checked it."},
        **HTMX,
    )
    assert response.status_code == 200
    unmapped_claim.refresh_from_db()
    verdict = unmapped_claim.verdict
    assert (verdict.rating.slug, verdict.imported_label) == ("misleading", "Needs a closer look")
    assert unmapped_claim.status == "rated"
    assert "unmapped" not in editor_client.get(unmapped_claim.get_absolute_url()).content.decode()


def test_publishing_an_unmapped_verdict_is_refused_with_a_clear_message(
    editor_client, unmapped_claim
):
    response = editor_client.post(
        reverse("change_status", args=[unmapped_claim.pk]), {"status": "published"}, **HTMX
    )
    assert response.status_code == 422
    assert "not on our scale" in response.content.decode()
    assert "Needs a closer look" in response.content.decode()
    assert not models.Publication.objects.exists()
    with pytest.raises(services.PublishRefused, match="not on our scale"):
        services.publish(unmapped_claim, by=None)
    unmapped_claim.refresh_from_db()
    assert unmapped_claim.status == "in_review" and unmapped_claim.verdict.published_at is None


def test_an_unmapped_verdict_cannot_be_called_rated_by_hand(editor_client, unmapped_claim):
    response = editor_client.post(
        reverse("change_status", args=[unmapped_claim.pk]), {"status": "rated"}, **HTMX
    )

    assert response.status_code == 422
    assert "“Needs a closer look”, which is not one of our ratings" in response.content.decode()
    unmapped_claim.refresh_from_db()
    assert unmapped_claim.status == "in_review"


def test_lists_exports_and_annotations_show_the_label_as_unmapped(editor_client, unmapped_claim):
    source = unmapped_claim.attributions.get().source
    page = editor_client.get(reverse("source_detail", args=[source.pk])).content.decode()
    assert "unmapped: Needs a closer look" in page
    question = QuestionFactory()
    models.Claim.objects.filter(pk=unmapped_claim.pk).update(question=question)
    ClaimFactory(question=question)
    page = editor_client.get(reverse("question_detail", args=[question.pk])).content.decode()
    assert "unmapped: Needs a closer look" in page
    csv_text = b"".join(editor_client.get(reverse("queue_csv")).streaming_content).decode()
    assert "unmapped: Needs a closer look" in csv_text
    annotation = editor_client.get(reverse("api-claim-annotation", args=[unmapped_claim.pk]))
    assert annotation.status_code == 200
    detail = editor_client.get(reverse("api-claim-detail", args=[unmapped_claim.pk]))
    assert detail.status_code == 200 and detail.json()["verdict"]["rating"] is None
