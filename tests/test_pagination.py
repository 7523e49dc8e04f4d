"""Keyset pagination walks every row once, forwards and back, nulls included."""

import base64
import datetime as dt
import json

import pytest

from claims import models
from claims.factories import ArticleFactory
from claims.pagination import paginate

pytestmark = pytest.mark.django_db


def walk_forward(queryset, ordering, size):
    seen, after = [], None
    pages = []
    while True:
        page = paginate(queryset, ordering, after=after, size=size)
        pages.append(page)
        seen += [row.pk for row in page.items]
        if not page.next_cursor:
            return seen, pages
        after = page.next_cursor


def test_pages_cover_every_row_once_in_order_with_ties_and_nulls():
    dates = [dt.date(2024, 1, 1), dt.date(2024, 1, 1), None, dt.date(2023, 5, 2), None]
    for i in range(23):
        ArticleFactory(published_on=dates[i % len(dates)])
    queryset = models.Article.objects.all()
    expected = sorted(
        queryset,
        key=lambda a: (a.published_on is None, -(a.published_on or dt.date.min).toordinal(), -a.pk),
    )
    seen, pages = walk_forward(queryset, ["-published_on", "-id"], size=4)
    assert seen == [a.pk for a in expected]
    # And back again from the last page.
    back, before = [], pages[-1].previous_cursor
    while before:
        page = paginate(queryset, ["-published_on", "-id"], before=before, size=4)
        back = [row.pk for row in page.items] + back
        before = page.previous_cursor
    assert back + [row.pk for row in pages[-1].items] == seen


def test_the_first_page_has_no_previous_and_the_last_no_next():
    for _ in range(5):
        ArticleFactory()
    first = paginate(models.Article.objects.all(), ["-published_on", "-id"], size=3)
    assert first.previous_cursor is None and first.next_cursor
    last = paginate(
        models.Article.objects.all(), ["-published_on", "-id"], after=first.next_cursor, size=3
    )
    assert last.next_cursor is None and last.previous_cursor and len(last.items) == 2


def cursor_of(values: list) -> str:
    """A cursor spelled as the pager spells them, holding the given values."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage", "W10", "eyJ4IjoxfQ", "WzEsMiwzXQ", "%%%", "W3sidCI6ImR0IiwiZCI6Im5vIn0sMV0",
        # Well formed, but holding what its columns cannot: each would be a
        # database error if it reached the query.
        cursor_of(["not a date", 5]),
        cursor_of([{"t": "date", "d": "2024-13-45"}, 5]),
        cursor_of([None, 2**70]),
        cursor_of([None, "\x00"]),
        cursor_of([None, None]),
        cursor_of([None, 1.5e308]),
    ],
)  # fmt: skip
def test_a_cursor_that_was_not_made_here_gives_the_first_page(cursor):
    for _ in range(3):
        ArticleFactory()
    page = paginate(models.Article.objects.all(), ["-published_on", "-id"], after=cursor, size=2)
    first = paginate(models.Article.objects.all(), ["-published_on", "-id"], size=2)
    assert [a.pk for a in page.items] == [a.pk for a in first.items]


def test_list_pages_follow_their_cursors(editor_client):
    for i in range(30):
        ArticleFactory(
            title=f"Article {i:02d}", published_on=dt.date(2024, 1, 1) + dt.timedelta(days=i)
        )
    first = editor_client.get("/articles/")
    assert "Article 29" in first.text and "Article 04" not in first.text
    page = first.context["page"]
    second = editor_client.get(f"/articles/?after={page.next_cursor}")
    assert "Article 04" in second.text and "Article 29" not in second.text
