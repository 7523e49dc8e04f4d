"""One link per pair for links that read the same both ways; word search on SQLite.

SQLite's FTS5 indexes the words of articles (title, body) and claims (statement,
quote) in external-content tables kept in step by triggers, so that search finds
words in any order, by prefix, ranked by bm25, as PostgreSQL's search vectors do
(0015). PostgreSQL gets nothing here.
"""

import django.db.models.functions.comparison
from django.db import migrations, models

SYMMETRIC = ["contradicts", "same_claim"]

# table: the columns searched. Porter stemming, as PostgreSQL's english configuration.
SEARCHED = {"claims_article": ("title", "body"), "claims_claim": ("statement", "quote")}
TOKENIZE = "porter unicode61 remove_diacritics 2"


def _index_sql(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    forget = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    learn = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {learn} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {forget} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} "
        f"BEGIN {forget} {learn} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create_sqlite_search(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in SEARCHED.items():
        for sql in _index_sql(table, columns):
            schema_editor.execute(sql)


def drop_sqlite_search(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in SEARCHED:
        for event in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{event}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


def merge_reversed_links(apps, schema_editor):
    """Before the constraint: where a pair was linked both ways, keep the older link and
    point any conflict confirmed through the newer one at it."""
    Link = apps.get_model("claims", "Link")
    Conflict = apps.get_model("claims", "Conflict")
    kept: dict[tuple[int, int, str], int] = {}
    for link in Link.objects.filter(type__in=SYMMETRIC).order_by("id").iterator():
        pair = (
            min(link.from_claim_id, link.to_claim_id),
            max(link.from_claim_id, link.to_claim_id),
            link.type,
        )
        if pair not in kept:
            kept[pair] = link.id
            continue
        Conflict.objects.filter(link_id=link.id).update(link_id=kept[pair])
        link.delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_order_by_foreign_key_columns")]

    operations = [
        migrations.RunPython(merge_reversed_links, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="link",
            constraint=models.UniqueConstraint(
                django.db.models.functions.comparison.Least("from_claim", "to_claim"),
                django.db.models.functions.comparison.Greatest("from_claim", "to_claim"),
                models.F("type"),
                condition=models.Q(("type__in", SYMMETRIC)),
                name="link_symmetric_unique",
                violation_error_message="These two claims are already linked so, the other way.",
            ),
        ),
        migrations.RunPython(create_sqlite_search, drop_sqlite_search),
    ]
