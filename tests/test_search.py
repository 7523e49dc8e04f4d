"""Searching by words, on SQLite (FTS5) as on PostgreSQL (search vectors): any order,
word beginnings, the best match first, and nothing typed can break it."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection

from claims.factories import ArticleFactory, ClaimFactory
from claims.search import fts_query, repair_sqlite_index

pytestmark = pytest.mark.django_db


def found(client, query: str, **params) -> str:
    response = client.get("/search/?" + urlencode({"q": query, **params}))
    assert response.status_code == 200
    return response.text


def titles_in_order(text: str, *titles: str) -> list[str]:
    """The given titles as they come in the page, first to last."""
    return sorted((t for t in titles if t in text), key=text.index)


def test_words_are_found_in_any_order(editor_client):
    ArticleFactory(title="Border report", body="Russia says the troops have arrived.")
    ClaimFactory(statement="Russia received thousands of North Korean troops.")
    ArticleFactory(title="Weather report", body="Rain in Kyiv.")
    text = found(editor_client, "troops Russia")
    assert "Border report" in text and "Weather report" not in text
    assert "Russia received thousands of North Korean troops." in text


def test_a_word_is_found_by_its_beginning(editor_client):
    ArticleFactory(title="Border report", body="The troops have arrived.")
    assert "Border report" in found(editor_client, "troop")
    assert "Border report" in found(editor_client, "TROOPS")


def test_every_word_must_match(editor_client):
    ArticleFactory(title="Border report", body="The troops have arrived.")
    assert "Border report" not in found(editor_client, "troops Belarus")


def test_the_better_match_comes_first(editor_client):
    best = ArticleFactory(
        title="Troops sent to Russia",
        body="The troops went to Russia by train. More troops follow.",
    )
    # Newer, so that the order is not merely the newest first.
    ArticleFactory(
        title="A long day in parliament",
        body="Lawmakers met. " * 40 + "One mentioned troops in passing. " + "They left. " * 40,
    )
    text = found(editor_client, "troops")
    assert titles_in_order(text, best.title, "A long day in parliament") == [
        best.title,
        "A long day in parliament",
    ]


def test_the_index_follows_edits_and_deletions(editor_client):
    article = ArticleFactory(title="Border report", body="The troops have arrived.")
    claim = ClaimFactory(statement="Tanks crossed the river.")
    article.title = "Frontier dispatch"
    article.save()
    claim.statement = "Boats crossed the river."
    claim.save()
    assert "Frontier dispatch" in found(editor_client, "frontier")
    assert "Border report" not in found(editor_client, "border")
    assert "Boats crossed the river." in found(editor_client, "boats")
    assert "Tanks crossed" not in found(editor_client, "tanks")
    claim.delete()
    assert "Boats crossed the river." not in found(editor_client, "boats")


def test_every_match_of_one_kind_a_page_at_a_time(editor_client):
    ArticleFactory(title="Border report", body="Russia says the troops have arrived.")
    ClaimFactory(statement="Russia received troops.")
    assert "Border report" in found(editor_client, "troops russia", kind="articles")
    assert "Russia received troops." in found(editor_client, "troops russia", kind="claims")


def test_the_review_queue_filters_by_words_in_any_order(editor_client):
    ClaimFactory(statement="Russia received thousands of North Korean troops.")
    ClaimFactory(statement="Rain fell in Kyiv.")
    response = editor_client.get("/queue/?" + urlencode({"q": "troops russia"}))
    assert response.status_code == 200
    assert "North Korean troops" in response.text and "Rain fell" not in response.text


HOSTILE = ['"', '""', "AND", "troops AND", "NEAR(", "NEAR(troops", "*", "-x", "troops -", "^a",
           "a:b", "title:troops", "(", ")", "'", "\x00", "troops\x00", "{", "+", "OR OR", "\\"]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_anything_typed_is_answered_without_an_error(editor_client, query):
    ClaimFactory(statement="Russia received troops.")
    ArticleFactory(title="Border report", body="The troops have arrived.")
    for url in ("/search/", "/queue/"):
        for params in (
            {"q": query},
            {"q": query, "kind": "claims"},
            {"q": query, "kind": "articles"},
        ):
            response = editor_client.get(url + "?" + urlencode(params))
            assert response.status_code == 200, (url, params)


def test_punctuation_alone_finds_nothing(editor_client):
    ClaimFactory(statement="Russia received troops.")
    text = found(editor_client, '" * -')
    assert "Russia received troops." not in text


def test_what_is_typed_reaches_fts5_only_as_quoted_word_beginnings():
    assert fts_query('troops "Russia') == '"troops"* """Russia"*'
    assert fts_query("NEAR( AND -x") == '"NEAR("* "AND"* "-x"*'
    assert fts_query(' " * - ') == ""
    assert fts_query("a\x00b") == '"ab"*'
    # Every double quote inside a word is doubled: the word can never close its string.
    for query in ('"', 'a"b', '""x""', 'x" OR "y'):
        for term in fts_query(query).split():
            inner = term[1:-2]
            assert term.startswith('"') and term.endswith('"*')
            assert re.fullmatch(r'(?:[^"]|"")*', inner), term


def test_triggers_a_migration_lost_are_put_back(editor_client):
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it, and the copy has no triggers.
        with connection.cursor() as cursor:
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER claims_article_fts_{event}")
    article = ArticleFactory(title="Border report", body="The troops have arrived.")
    # PostgreSQL's index is a generated column: it never loses track.
    assert ("Border report" in found(editor_client, "troops")) is not sqlite
    repair_sqlite_index()
    assert "Border report" in found(editor_client, "troops")
    article.title = "Frontier dispatch"
    article.save()
    assert "Frontier dispatch" in found(editor_client, "troops")
