"""Indexes only PostgreSQL can have (claims.search and the lists' orders).

- The articles list walks newest first with undated articles last: an index
  in that very order (SQLite cannot declare NULLS LAST; it sorts nulls first
  and uses the model's index).
- Suggesting questions for a figure matches words in their text: trigrams.
"""

from django.db import migrations

FORWARD = """
CREATE INDEX claims_article_newest_nulls_last
  ON claims_article (published_on DESC NULLS LAST, id DESC);
CREATE INDEX claims_question_text_trgm ON claims_question USING gin (upper(text) gin_trgm_ops);
CREATE INDEX claims_question_counted_trgm ON claims_question USING gin (upper(counted) gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS claims_question_counted_trgm;
DROP INDEX IF EXISTS claims_question_text_trgm;
DROP INDEX IF EXISTS claims_article_newest_nulls_last;
"""


def on_postgres(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_postgres_search")]

    operations = [migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD))]
