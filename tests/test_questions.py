"""Questions and conflicts in the app: kept in step with the figures, decided
by editors, shown side by side."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import models
from claims.comparison import compare, refresh_conflicts, suggest_questions
from claims.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    QuantityFactory,
    QuestionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
DAY = dt.date(2024, 10, 23)


def figure(
    question, wording_low, high=None, *, qualifier="exact", precision="1000", source=None, day=DAY
):
    claim = ClaimFactory(question=question, refers_to=day, kind="quantity")
    AttributionFactory(claim=claim, source=source or SourceFactory())
    QuantityFactory(
        claim=claim,
        low=Decimal(wording_low) if wording_low is not None else None,
        high=Decimal(high if high is not None else wording_low) if (high or wording_low) else None,
        qualifier=qualifier,
        precision=Decimal(precision),
        wording=str(wording_low),
    )
    return claim


def test_figures_that_cannot_both_be_true_are_suggested_as_they_are_saved():
    question = QuestionFactory()
    three = figure(question, "3000")
    ten = figure(question, "10000")
    figure(question, "1500", "12000", qualifier="either_or", precision="500")
    conflict = models.Conflict.objects.get()
    assert {conflict.first_claim, conflict.second_claim} == {three, ten}
    assert conflict.status == "suggested" and conflict.kind == "contradicts"
    assert "3,000" in conflict.reason and conflict.severity > 0.4


def test_a_suggestion_goes_away_when_the_figures_agree_again_but_a_decision_stays():
    question = QuestionFactory()
    three, ten = figure(question, "3000"), figure(question, "10000")
    quantity = ten.quantity
    quantity.low = quantity.high = Decimal("3100")
    quantity.save()
    assert not models.Conflict.objects.exists()
    quantity.low = quantity.high = Decimal("10000")
    quantity.save()
    conflict = models.Conflict.objects.get()
    models.Conflict.objects.filter(pk=conflict.pk).update(
        status="dismissed", decision_note="Different things."
    )
    quantity.low = quantity.high = Decimal("3100")
    quantity.save()
    assert models.Conflict.objects.get().status == "dismissed"
    assert {three.pk, ten.pk} == {conflict.first_claim_id, conflict.second_claim_id}


def test_a_later_figure_from_the_same_source_updates_the_earlier_one():
    question, source = QuestionFactory(), SourceFactory(name="Ministry of Defence")
    earlier = figure(question, "3000", source=source, day=dt.date(2024, 10, 1))
    later = figure(question, "11000", source=source, day=dt.date(2024, 11, 20))
    conflict = models.Conflict.objects.get()
    assert (conflict.kind, conflict.first_claim, conflict.second_claim) == (
        "updates",
        later,
        earlier,
    )


def test_pairs_editors_already_linked_come_confirmed():
    question = QuestionFactory()
    three = figure(question, "3000")
    ten = ClaimFactory(question=None, refers_to=DAY)
    models.Link.objects.create(from_claim=three, to_claim=ten, type="contradicts")
    QuantityFactory(claim=ten, low=Decimal(10000), high=Decimal(10000), precision=Decimal(1000))
    ten.question = question
    ten.save()
    assert models.Conflict.objects.get().status == "confirmed"


def test_moving_a_claim_to_another_question_takes_its_suggestions_along():
    question, other = QuestionFactory(), QuestionFactory()
    figure(question, "3000")
    ten = figure(question, "10000")
    assert models.Conflict.objects.filter(question=question).exists()
    ten.question = other
    ten.save()
    assert not models.Conflict.objects.exists()


def test_confirming_links_the_claims_and_dismissing_needs_a_reason(editor_client, editor):
    question = QuestionFactory()
    figure(question, "3000")
    figure(question, "10000")
    figure(question, "30000")
    first, second, _ = models.Conflict.objects.order_by("-severity")
    response = editor_client.post(
        reverse("decide_conflict", args=[first.pk]), {"decision": "confirm"}, **HTMX
    )
    assert response.status_code == 200 and "Confirmed by" in response.text
    first.refresh_from_db()
    assert first.status == "confirmed" and first.decided_by == editor
    assert first.link.type == "contradicts"
    refused = editor_client.post(
        reverse("decide_conflict", args=[second.pk]), {"decision": "dismiss", "note": " "}, **HTMX
    )
    assert refused.status_code == 422 and "Say why" in refused.text
    second.refresh_from_db()
    assert second.status == "suggested"
    editor_client.post(
        reverse("decide_conflict", args=[second.pk]),
        {"decision": "dismiss", "note": "One counts troops, the other workers."},
        **HTMX,
    )
    second.refresh_from_db()
    assert second.status == "dismissed" and second.decision_note.startswith("One counts")
    # Recomputing keeps both decisions.
    refresh_conflicts(question.pk)
    assert set(models.Conflict.objects.values_list("status", flat=True)) == {
        "confirmed", "dismissed", "suggested",
    }  # fmt: skip
    # Reopening undoes the link made on confirming.
    editor_client.post(reverse("decide_conflict", args=[first.pk]), {"decision": "reopen"}, **HTMX)
    first.refresh_from_db()
    assert first.status == "suggested" and first.link is None
    assert not models.Link.objects.filter(type="contradicts").exists()


def test_confirming_a_conflict_the_editors_linked_the_other_way_keeps_one_link(editor_client):
    question = QuestionFactory()
    three, ten = figure(question, "3000"), figure(question, "10000")
    conflict = models.Conflict.objects.get()
    # An editor linked the pair after the conflict was suggested, from the other claim.
    first, second = conflict.first_claim, conflict.second_claim
    models.Link.objects.create(from_claim=second, to_claim=first, type="contradicts")
    response = editor_client.post(
        reverse("decide_conflict", args=[conflict.pk]), {"decision": "confirm"}, **HTMX
    )
    assert response.status_code == 200 and "Confirmed by" in response.text
    assert models.Link.objects.count() == 1
    for claim in (three, ten):
        text = editor_client.get(claim.get_absolute_url(), **HTMX).text
        section = text[text.index('id="claim-links"') :].split("</ul>")[0]
        assert section.count('class="link link-contradicts"') == 1


def test_a_browser_without_htmx_is_sent_back_and_never_off_site(editor_client):
    question = QuestionFactory()
    figure(question, "3000")
    figure(question, "10000")
    conflict = models.Conflict.objects.get()
    response = editor_client.post(
        reverse("decide_conflict", args=[conflict.pk]),
        {"decision": "confirm", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()


def test_the_conflicts_list_puts_the_most_severe_first(editor_client):
    question = QuestionFactory()
    figure(question, "3000")
    figure(question, "5000")
    figure(question, "300000")
    response = editor_client.get(reverse("conflict_list"))
    severities = [c.severity for c in response.context["page"].items]
    assert severities == sorted(severities, reverse=True) and len(severities) == 3


def test_the_demo_question_shows_the_seed_case(editor_client):
    call_command("loaddata", "demo", verbosity=0)
    question = models.Question.objects.get(text__startswith="How many North Korean troops")
    comparison = compare(question)
    by_figure = {row.claim.quantity.wording: row for row in comparison.rows}
    assert by_figure["3,000"].conflicting and by_figure["10,000"].conflicting
    assert not by_figure["1,500 or 12,000"].conflicting
    assert by_figure["1,500 or 12,000"].uncertainty == 8
    assert "over 13,000" not in by_figure  # containers are counted under another question
    assert comparison.spread.lowest == 1500 and comparison.spread.highest == 12000
    response = editor_client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert 'role="img"' in response.text and 'data-scale="linear"' in response.text
    assert "cannot both be right" in response.text
    assert "Boris Pistorius" in response.text and "values 8.0× apart" in response.text


def test_a_timeline_appears_when_the_claims_dates_differ(editor_client):
    question = QuestionFactory()
    figure(question, "3000", day=dt.date(2024, 10, 1))
    figure(question, "3000", day=dt.date(2024, 10, 1))
    assert compare(question).timeline == ""
    figure(question, "11000", day=dt.date(2024, 12, 20))
    assert "nl-timeline" in compare(question).timeline


def test_a_numeric_claim_is_offered_the_questions_it_likely_answers():
    troops = QuestionFactory(
        text="How many North Korean troops has North Korea sent to Russia?",
        counted="North Korean troops sent to Russia",
    )
    QuestionFactory(
        text="How many containers of arms has North Korea shipped?", counted="containers of arms"
    )
    QuestionFactory(text="What did the rally cost?", counted="dollars")
    claim = ClaimFactory(statement="Seoul says 10,000 soldiers went to Russia.")
    QuantityFactory(claim=claim, counted="North Korean troops")
    suggested = suggest_questions(claim)
    assert suggested[0] == troops
    assert all(q.counted != "dollars" for q in suggested)


def test_marking_a_passage_with_a_figure_offers_and_stores_it(editor_client):
    article = ArticleFactory(
        body="South Korea’s spy chief told lawmakers that 3,000 North Korean troops were being trained."
    )
    data = {"passage": "3,000 North Korean troops were being trained"}
    form = editor_client.get(reverse("mark_claim", args=[article.pk]), data, **HTMX)
    assert "Use the figure found" in form.text and "3,000" in form.text
    editor_client.post(
        reverse("mark_claim", args=[article.pk]),
        {**data, "use_figure": "on", "kind": "quantity"},
        **HTMX,
    )
    quantity = models.Quantity.objects.get()
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.wording) == (
        3000,
        3000,
        "exact",
        "3,000",
    )
    assert quantity.counted == "North Korean troops"
    editor_client.post(
        reverse("mark_claim", args=[article.pk]), {"passage": "told lawmakers that 3,000"}, **HTMX
    )
    assert models.Quantity.objects.count() == 1  # not ticked: no figure stored
