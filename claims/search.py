"""Finding articles, claims and sources by words; the one place that chooses
how. PostgreSQL: full-text search over search vectors kept by triggers and
GIN-indexed (migration 0015), ranked, and trigram similarity for names.
SQLite, the embedded default: case-insensitive substring matching.

Ranking every match of a common word would read every matching row; the best
results are ranked among the most recent matches instead, which costs the
same for "troops" as for a rare name.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value

from claims import models

CONFIG = "english"
RANK_WINDOW = 300  # the most recent matches that compete for the best places


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_query(query: str) -> SearchQuery:
    # websearch syntax: "exact phrase", -excluded, or: what people type in search boxes.
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def matching_articles(query: str) -> QuerySet:
    if on_postgres():
        return models.Article.objects.filter(search_vector=_text_query(query))
    return models.Article.objects.filter(Q(title__icontains=query) | Q(body__icontains=query))


def matching_claims(query: str) -> QuerySet:
    if on_postgres():
        return models.Claim.objects.filter(search_vector=_text_query(query))
    return models.Claim.objects.filter(Q(statement__icontains=query) | Q(quote__icontains=query))


def _named(query: str, *, near: bool) -> Q:
    match = Q(name__icontains=query)
    return match | Q(name__trigram_word_similar=query) if near else match


def _sources_named(query: str, *, near: bool) -> QuerySet:
    """Sources whose name or an alias contains the query or (`near`, PostgreSQL
    only) is spelled nearly so. On PostgreSQL the ids are a union, so that each
    side is read through its trigram index: an OR with an alias subquery made
    it read all 50,000 names for a word none had."""
    if not on_postgres():
        alias = models.SourceAlias.objects.filter(source=OuterRef("pk"), name__icontains=query)
        return models.Source.objects.filter(Q(name__icontains=query) | Exists(alias))
    names = models.Source.objects.filter(_named(query, near=near)).values("pk")
    aliases = models.SourceAlias.objects.filter(_named(query, near=near)).values("source_id")
    return models.Source.objects.filter(pk__in=names.union(aliases))


def matching_sources(query: str) -> QuerySet:
    """Sources whose name or an alias contains the words or, on PostgreSQL, is
    spelled nearly so ("Zelenskiy" finds "Zelenskyy")."""
    return _sources_named(query, near=True)


def best(matches: QuerySet, query: str, limit: int) -> list:
    """The best `limit` of the matches: ranked on PostgreSQL, newest on SQLite."""
    if not on_postgres():
        return list(matches.order_by("-id")[:limit])
    recent = matches.order_by("-id").values("pk")[:RANK_WINDOW]
    ranked = matches.filter(pk__in=recent).annotate(
        rank=SearchRank(F("search_vector"), _text_query(query))
    )
    return list(ranked.order_by("-rank", "-id")[:limit])


def source_suggestions(query: str, limit: int = 10) -> list[models.Source]:
    """Sources for a search-as-you-type box: names containing what was typed
    first, in name order; then, on PostgreSQL, names spelled nearly so."""
    found = list(
        _sources_named(query, near=False)
        .select_related("affiliation")
        .prefetch_related("aliases")
        .order_by("name", "id")[:limit]
    )
    if len(found) < limit and on_postgres() and len(query) >= 3:
        near = (
            models.Source.objects.filter(name__trigram_word_similar=query)
            .exclude(pk__in=[source.pk for source in found])
            .annotate(closeness=TrigramWordSimilarity(Value(query), "name"))
            .select_related("affiliation")
            .prefetch_related("aliases")
            .order_by("-closeness", "id")[: limit - len(found)]
        )
        found += list(near)
    return found
