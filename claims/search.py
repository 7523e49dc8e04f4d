"""Finding articles, claims and sources by words; the one place that chooses
how. PostgreSQL: ranked full-text search over indexed search vectors, and
trigram similarity for names (migration 0015). SQLite, the embedded default:
case-insensitive substring matching, ordered by recency or name.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest

from claims import models

CONFIG = "english"


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_query(query: str) -> SearchQuery:
    # websearch syntax: "exact phrase", -excluded, or: what people type in search boxes.
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def articles(query: str) -> tuple[QuerySet, list[str]]:
    """Articles matching the words, and the ordering to page them by."""
    found = models.Article.objects.select_related("outlet")
    if on_postgres():
        terms = _text_query(query)
        found = found.filter(search_vector=terms).annotate(
            rank=SearchRank(F("search_vector"), terms)
        )
        return found, ["-rank", "-id"]
    return found.filter(Q(title__icontains=query) | Q(body__icontains=query)), ["-id"]


def claims(query: str) -> tuple[QuerySet, list[str]]:
    found = models.Claim.objects.all()
    if on_postgres():
        terms = _text_query(query)
        found = found.filter(search_vector=terms).annotate(
            rank=SearchRank(F("search_vector"), terms)
        )
        return found, ["-rank", "-id"]
    return found.filter(Q(statement__icontains=query) | Q(quote__icontains=query)), [
        "-updated_at",
        "-id",
    ]


def sources(query: str) -> tuple[QuerySet, list[str]]:
    """Sources whose name or an alias contains the words or, on PostgreSQL,
    is spelled nearly so ("Zelenskiy" finds "Zelenskyy"); closest first."""
    alias = models.SourceAlias.objects.filter(source=OuterRef("pk"))
    if on_postgres():
        near = alias.filter(Q(name__icontains=query) | Q(name__trigram_word_similar=query))
        found = models.Source.objects.filter(
            Q(name__icontains=query) | Q(name__trigram_word_similar=query) | Exists(near)
        ).annotate(
            closeness=Greatest(TrigramWordSimilarity(Value(query), "name"), Value(0.0)),
        )
        return found, ["-closeness", "name", "id"]
    found = models.Source.objects.filter(
        Q(name__icontains=query) | Exists(alias.filter(name__icontains=query))
    )
    return found, ["name", "id"]
