"""Finding articles, claims and sources by words; the one place that chooses
how. PostgreSQL: full-text search over search vectors kept by triggers and
GIN-indexed (migration 0015), ranked, and trigram similarity for names.
SQLite, the embedded default: FTS5 word indexes kept by triggers (migration
0018), every word typed matched as a prefix, in any order, ranked by bm25;
names by case-insensitive substring.

Ranking every match of a common word would read every matching row; the best
results are ranked among the most recent matches instead, which costs the
same for "troops" as for a rare name.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from claims import models

CONFIG = "english"
RANK_WINDOW = 300  # the most recent matches that compete for the best places


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_query(query: str) -> SearchQuery:
    # websearch syntax: "exact phrase", -excluded, or: what people type in search boxes.
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def fts_query(query: str) -> str:
    """What was typed, as an FTS5 query: each word a quoted string, so that nothing typed
    is read as FTS5 syntax (AND, NEAR, *, -, quotes), and a prefix ("troop" finds
    "troops"); all must match. Empty when nothing searchable was typed."""
    words = [word for word in query.replace("\x00", "").split() if re.search(r"\w", word)]
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


# The weight of each indexed column in bm25, as PostgreSQL weighs title and statement
# (A) above body and quote (B).
FTS_WEIGHTS = "2.5, 1.0"


def _fts_matching(model, query: str) -> QuerySet:
    expression = fts_query(query)
    if not expression:
        return model.objects.none()
    fts = f"{model._meta.db_table}_fts"  # our table's name; what was typed is a parameter
    found = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (expression,))  # noqa: S608, S611
    return model.objects.filter(pk__in=found)


def _fts_rank(model, query: str) -> RawSQL:
    """bm25 of each row for the query: lower is better."""
    table = model._meta.db_table
    fts = f"{table}_fts"
    sql = f'SELECT bm25({fts}, {FTS_WEIGHTS}) FROM {fts} WHERE {fts} MATCH %s AND rowid = "{table}"."id"'  # noqa: S608
    return RawSQL(sql, (fts_query(query),))  # noqa: S611


def matching_articles(query: str) -> QuerySet:
    if on_postgres():
        return models.Article.objects.filter(search_vector=_text_query(query))
    return _fts_matching(models.Article, query)


def matching_claims(query: str) -> QuerySet:
    if on_postgres():
        return models.Claim.objects.filter(search_vector=_text_query(query))
    return _fts_matching(models.Claim, query)


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
    """The best `limit` of the articles or claims matching `query`, ranked."""
    recent = matches.order_by("-id").values("pk")[:RANK_WINDOW]
    if not on_postgres():
        if not fts_query(query):
            return []
        ranked = matches.filter(pk__in=recent).annotate(rank=_fts_rank(matches.model, query))
        return list(ranked.order_by("rank", "-id")[:limit])
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


# SQLite's word indexes --------------------------------------------------------------------

# Table: the columns indexed (as migration 0018 made them).
SQLITE_INDEXED = {"claims_article": ("title", "body"), "claims_claim": ("statement", "quote")}


def repair_sqlite_index(using: str = "default", **kwargs) -> None:
    """After migrating: put back the triggers that keep the word indexes in step, if a
    migration lost them. SQLite alters a table by copying it under a new name and dropping
    the old one, and its triggers go with it; the index would then quietly go stale."""
    from django.db import connections

    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        for table, columns in SQLITE_INDEXED.items():
            fts = f"{table}_fts"
            wanted = [f"{fts}_{event}" for event in ("insert", "delete", "update")]
            if fts not in present or all(name in present for name in wanted):
                continue  # not migrated yet, or intact
            for name in wanted:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            for sql in _trigger_sql(table, columns):
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608


def _trigger_sql(table: str, columns: tuple[str, ...]) -> list[str]:
    fts, cols = f"{table}_fts", ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    forget = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"  # noqa: S608
    learn = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608
    return [
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {learn} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {forget} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN {forget} {learn} END",
    ]
