"""The assistant's suggestions are computed once per text of an article, stored, and read."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims import models, services, suggesting
from claims.domain.extraction import SpeakerGuess, Suggestion, pipeline_name
from claims.domain.extraction.pipeline import PipelineMissing
from claims.domain.numbers import ParsedQuantity, Qualifier, Unit
from claims.factories import ArticleFactory, OutletFactory, SourceAliasFactory, SourceFactory
from claims.importing import import_file

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
REVIEW = sorted((ROOT / "tests" / "data" / "interop" / "claimreview-examples").glob("*.json"))[0]
BODY = (
    "The harbour master said on Monday that the ferry had run aground.\n"
    "Port Director Ana Silva told the Coastal Herald that 340 passengers had been taken ashore.\n"
    "“Nobody was hurt,” Silva said."
)
CORRECTED = (
    "The harbour master said on Monday that the ferry had struck a sandbank.\n"
    "Port Director Ana Silva told the Coastal Herald that 340 passengers had been taken ashore.\n"
    "“Nobody was hurt,” Silva said."
)


@pytest.fixture
def calls(monkeypatch):
    """How many times the pipeline read a text, and which texts."""
    seen: list[str] = []
    real = suggesting.suggest_claims

    def counting(text, **kwargs):
        seen.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(suggesting, "suggest_claims", counting)
    return seen


def _stored(article: models.Article) -> models.SuggestionSet:
    return models.SuggestionSet.objects.get(article=article)


# The stored form ------------------------------------------------------------------------


def test_a_suggestion_survives_the_trip_through_json_exactly():
    figure = ParsedQuantity(
        low=Decimal("1.2E+3"),
        high=Decimal("1500.50"),
        qualifier=Qualifier.EITHER_OR,
        unit=Unit.PERCENT,
        precision=Decimal("0.01"),
        wording="1,200 or 1,500.50",
        start=40,
        end=57,
        alternatives=(Decimal("1.2E+3"), Decimal("1500.50")),
    )
    open_figure = ParsedQuantity(
        low=None,
        high=Decimal("7"),
        qualifier=Qualifier.UP_TO,
        unit=Unit.COUNT,
        precision=None,
        wording="up to seven",
        start=60,
        end=71,
    )
    suggestion = Suggestion(
        start=3,
        end=80,
        quote="a passage of our own",
        speakers=(
            SpeakerGuess(
                "Cho Tae-yong", "person", "spy chief", 0, 12, "he, 3 sentences earlier", 7
            ),
            SpeakerGuess("two officials", "group", "", 20, 33),
        ),
        mode="paraphrase",
        conduits=("told the Herald",),
        conduit_names=("the Herald",),
        quantities=(figure, open_figure),
        counted=("passengers", ""),
        cue="told",
        confidence=0.73,
        reasons=("cue: told", "he → Cho Tae-yong, 3 sentences earlier"),
    )
    stored = json.loads(json.dumps(suggesting.to_json(suggestion)))
    back = suggesting.from_json(stored)
    assert back == suggestion
    # Decimals come back as written, enums as enums, tuples as tuples.
    assert str(back.quantities[0].low) == "1.2E+3" and str(back.quantities[0].high) == "1500.50"
    assert back.quantities[0].qualifier is Qualifier.EITHER_OR
    assert back.quantities[0].unit is Unit.PERCENT
    assert back.speakers[0].source_id == 7 and back.speakers[1].source_id is None
    assert isinstance(back.reasons, tuple) and isinstance(back.quantities[0].alternatives, tuple)
    assert stored["quantities"][0]["low"] == "1.2E+3"


def test_what_the_pipeline_finds_survives_the_trip_too():
    found = suggesting.suggest_claims(BODY)
    assert found
    for suggestion in found:
        assert suggesting.from_json(json.loads(json.dumps(suggesting.to_json(suggestion)))) == (
            suggestion
        )


# Computed once ----------------------------------------------------------------------------


def test_the_reader_computes_once_and_then_reads_what_it_stored(editor_client, calls):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    url = reverse("article_suggestions", args=[article.pk])
    first = editor_client.get(url, query_params={"all": "1"})
    assert first.status_code == 200 and len(calls) == 1
    stored = _stored(article)
    assert stored.body_hash == models.body_fingerprint(BODY) == article.fingerprint
    assert stored.pipeline == pipeline_name() and stored.failure == ""
    assert stored.items and all(item["quote"] in first.text for item in stored.items)
    second = editor_client.get(url, query_params={"all": "1"})
    assert second.status_code == 200 and len(calls) == 1
    assert second.text.count('class="offer"') == len(stored.items)


def test_a_set_made_by_an_older_pipeline_is_made_again_once(editor_client, calls):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    models.SuggestionSet.objects.create(
        article=article,
        body_hash=article.fingerprint,
        pipeline="en_core_web_md 3.8.0 + attribution 1",
        items=[],
    )
    url = reverse("article_suggestions", args=[article.pk])
    for _ in range(2):
        page = editor_client.get(url, query_params={"all": "1"})
        assert 'class="offer"' in page.text
    assert len(calls) == 1
    assert _stored(article).pipeline == pipeline_name()


def test_an_article_in_another_language_is_said_to_be_and_not_read(editor_client):
    article = ArticleFactory(
        body="Der Hafenmeister sagte am Montag, die Fähre sei auf Grund gelaufen.",
        language="de",
        outlet=OutletFactory(),
    )
    page = editor_client.get(reverse("article_suggestions", args=[article.pk]))
    assert page.status_code == 200
    assert "reads English only; this article is in German (de)." in page.text
    assert 'class="offer"' not in page.text
    assert _stored(article).items == [] and "English only" in _stored(article).failure


def test_a_correction_computes_them_again_for_the_new_text(
    editor, calls, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    suggesting.compute_suggestions(article)
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_article(article, CORRECTED, note="The ferry hit a sandbank.", by=editor)
    stored = _stored(article)
    assert calls == [BODY, CORRECTED]
    assert stored.body_hash == models.body_fingerprint(CORRECTED)
    # Read from the corrected text: every passage is where it says in it.
    assert stored.items and all(
        CORRECTED[item["start"] : item["end"]] == item["quote"] for item in stored.items
    )
    assert models.SuggestionSet.objects.count() == 1  # the newest set only


def test_the_assistant_is_told_the_newsroom_s_sources_and_their_aliases(monkeypatch):
    silva = SourceFactory(name="Ana Silva", kind="person")
    SourceAliasFactory(source=silva, name="A. Silva")
    given = {}

    def remember(text, *, known_sources=(), **kwargs):
        given["known"] = list(known_sources)
        return []

    monkeypatch.setattr(suggesting, "suggest_claims", remember)
    article = ArticleFactory(body=BODY, outlet=OutletFactory(name="Coastal Herald"))
    suggesting.compute_suggestions(article)
    assert {(silva.pk, "Ana Silva"), (silva.pk, "A. Silva")} <= set(given["known"])
    assert (article.outlet_id, "Coastal Herald") in given["known"]


def test_a_set_for_an_older_text_is_not_shown(editor_client, calls):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    suggesting.compute_suggestions(article)
    # Corrected without its set being made again (as by an older version of the app).
    models.Article.objects.filter(pk=article.pk).update(
        body=CORRECTED, fingerprint=models.body_fingerprint(CORRECTED)
    )
    page = editor_client.get(
        reverse("article_suggestions", args=[article.pk]), query_params={"all": "1"}
    )
    assert page.status_code == 200 and calls[-1] == CORRECTED
    assert len(calls) == 2 and _stored(article).body_hash == models.body_fingerprint(CORRECTED)


def test_a_stored_set_that_cannot_be_read_back_is_made_again(editor_client, calls):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    models.SuggestionSet.objects.create(
        article=article,
        body_hash=article.fingerprint,
        pipeline="old",
        items=[{"start": "no", "mystery": 1}],
    )
    page = editor_client.get(reverse("article_suggestions", args=[article.pk]))
    assert page.status_code == 200 and len(calls) == 1
    assert _stored(article).pipeline == pipeline_name()


def test_an_import_stores_them_for_each_article(calls, django_capture_on_commit_callbacks):
    text = (
        "Outlet: The Coastal Herald\n\nFerry runs aground off the point\n\n" + BODY + "\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = import_file("ferry.txt", text, by=None)
        (review,) = import_file(REVIEW.name, REVIEW.read_bytes(), by=None)[:1]
    assert outcome.status == "imported" and review.status == "imported"
    stored = _stored(outcome.article)
    assert stored.body_hash == models.body_fingerprint(BODY)
    assert stored.items and all(BODY[i["start"] : i["end"]] == i["quote"] for i in stored.items)
    assert _stored(review.article).body_hash == review.article.fingerprint
    assert len(calls) == models.Article.objects.count()


def test_an_import_that_fails_computes_nothing(calls, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = import_file("nameless.txt", ("A title\n\n" + BODY).encode(), by=None)
    assert outcome.status == "refused" and calls == []
    assert not models.SuggestionSet.objects.exists()


# Refusals ---------------------------------------------------------------------------------


def test_a_refused_text_is_stored_with_the_reason_and_not_read_again(editor_client, monkeypatch):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    refusals = []

    def refuse(text, **kwargs):
        refusals.append(text)
        raise ValueError("The text is too long for the assistant (at most 100,000 characters).")

    monkeypatch.setattr(suggesting, "suggest_claims", refuse)
    url = reverse("article_suggestions", args=[article.pk])
    for _ in range(2):
        page = editor_client.get(url)
        assert page.status_code == 200
        assert "too long for the assistant" in page.text and 'class="offer"' not in page.text
    assert len(refusals) == 1
    assert _stored(article).items == [] and "too long" in _stored(article).failure


def test_a_missing_pipeline_is_said_and_nothing_is_stored(editor_client, monkeypatch):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())

    def missing(text, **kwargs):
        raise PipelineMissing("The language model is not installed: pip install it.")

    monkeypatch.setattr(suggesting, "suggest_claims", missing)
    url = reverse("article_suggestions", args=[article.pk])
    page = editor_client.get(url, HTTP_HX_REQUEST="true")
    assert page.status_code == 200 and "language model is not installed" in page.text
    assert not models.SuggestionSet.objects.exists()
    # Once it is installed the next request reads the text and keeps the result.
    monkeypatch.undo()
    again = editor_client.get(url, query_params={"all": "1"})
    assert "not installed" not in again.text and 'class="offer"' in again.text
    assert _stored(article).failure == ""


# The command ------------------------------------------------------------------------------


def test_the_command_computes_for_every_article_and_sums_up(calls):
    outlet = OutletFactory()
    first = ArticleFactory(body=BODY, outlet=outlet)
    second = ArticleFactory(body=CORRECTED, outlet=outlet)
    out, err = io.StringIO(), io.StringIO()
    call_command("suggest", "--all", stdout=out, stderr=err)
    total = sum(len(_stored(a).items) for a in (first, second))
    assert total > 0
    assert f"2 articles, {total} suggestions, 0 failures." in out.getvalue()
    assert "Suggesting" in err.getvalue()  # the progress bar
    assert sorted(calls) == sorted([BODY, CORRECTED])


def test_the_command_takes_ids_and_uids_and_reports_failures(calls, monkeypatch):
    outlet = OutletFactory()
    first = ArticleFactory(body=BODY, outlet=outlet)
    second = ArticleFactory(body=CORRECTED, outlet=outlet, title="Ferry on a sandbank")
    untouched = ArticleFactory(body="Nothing to see.", outlet=outlet)
    out = io.StringIO()
    call_command("suggest", str(first.pk), str(second.uid), stdout=out, stderr=io.StringIO())
    assert "2 articles" in out.getvalue()
    assert not models.SuggestionSet.objects.filter(article=untouched).exists()

    def refuse(text, **kwargs):
        raise ValueError("This text is not English.")

    monkeypatch.setattr(suggesting, "suggest_claims", refuse)
    out = io.StringIO()
    call_command("suggest", str(second.pk), stdout=out, stderr=io.StringIO())
    assert "1 article, 0 suggestions, 1 failure." in out.getvalue()
    assert "Ferry on a sandbank" in out.getvalue() and "not English" in out.getvalue()
    assert _stored(second).failure == "This text is not English."


def test_the_command_refuses_what_it_cannot_find():
    with pytest.raises(CommandError, match="No article"):
        call_command("suggest", "999999", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="neither"):
        call_command("suggest", "latest", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="--all"):
        call_command("suggest", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_panel_s_queries_do_not_grow_with_its_offers(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SourceFactory(name="Ana Silva")
    line = "Port Director Ana Silva told the Coastal Herald that {n} passengers were taken ashore."
    counts = []
    for size in (2, 12):
        article = ArticleFactory(
            body="\n".join(line.format(n=100 + i) for i in range(size)), outlet=OutletFactory()
        )
        url = reverse("article_suggestions", args=[article.pk])
        editor_client.get(url, query_params={"all": "1"})  # computes and stores them
        with CaptureQueriesContext(connection) as queries:
            page = editor_client.get(url, query_params={"all": "1"})
        assert page.text.count('class="offer"') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_article_said_to_be_in_another_language_is_read_again(editor_client):
    article = ArticleFactory(body=BODY, outlet=OutletFactory())
    url = reverse("article_suggestions", args=[article.pk])
    assert 'class="offer"' in editor_client.get(url, query_params={"all": "1"}).text
    article.language = "de"
    article.save(update_fields=["language"])
    page = editor_client.get(url, query_params={"all": "1"})
    assert "reads English only" in page.text and 'class="offer"' not in page.text
    assert _stored(article).language == "de" and _stored(article).items == []


@pytest.mark.parametrize("language", ["und", "en-GB", ""])
def test_english_or_a_language_nobody_could_tell_is_read(editor_client, language):
    article = ArticleFactory(body=BODY, outlet=OutletFactory(), language=language)

    page = editor_client.get(
        reverse("article_suggestions", args=[article.pk]), query_params={"all": "1"}
    )

    assert 'class="offer"' in page.text
