"""Full-text search and fuzzy name matching on PostgreSQL (claims.search).

Triggers keep the search vectors of articles and claims up to date whatever
writes them; GIN indexes serve the search, trigram indexes the source
autocomplete. SQLite gets none of this: claims.search takes its plain path.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION claims_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER claims_article_search_vector BEFORE INSERT OR UPDATE OF title, body
  ON claims_article FOR EACH ROW EXECUTE FUNCTION claims_article_search_vector();
UPDATE claims_article SET title = title;
CREATE INDEX claims_article_search ON claims_article USING gin (search_vector);

CREATE OR REPLACE FUNCTION claims_claim_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.statement, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.quote, '')), 'B');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER claims_claim_search_vector BEFORE INSERT OR UPDATE OF statement, quote
  ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector();
UPDATE claims_claim SET statement = statement;
CREATE INDEX claims_claim_search ON claims_claim USING gin (search_vector);

-- upper(): what icontains compares; the plain column: what similarity compares.
CREATE INDEX claims_source_name_trgm ON claims_source USING gin (upper(name) gin_trgm_ops);
CREATE INDEX claims_source_name_similar ON claims_source USING gin (name gin_trgm_ops);
CREATE INDEX claims_sourcealias_name_trgm ON claims_sourcealias USING gin (upper(name) gin_trgm_ops);
CREATE INDEX claims_sourcealias_name_similar ON claims_sourcealias USING gin (name gin_trgm_ops);
CREATE INDEX claims_article_title_trgm ON claims_article USING gin (upper(title) gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS claims_article_title_trgm;
DROP INDEX IF EXISTS claims_sourcealias_name_similar;
DROP INDEX IF EXISTS claims_sourcealias_name_trgm;
DROP INDEX IF EXISTS claims_source_name_similar;
DROP INDEX IF EXISTS claims_source_name_trgm;
DROP INDEX IF EXISTS claims_claim_search;
DROP TRIGGER IF EXISTS claims_claim_search_vector ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_search_vector();
DROP INDEX IF EXISTS claims_article_search;
DROP TRIGGER IF EXISTS claims_article_search_vector ON claims_article;
DROP FUNCTION IF EXISTS claims_article_search_vector();
"""


def on_postgres(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_search_and_queue_indexes")]

    operations = [migrations.RunPython(on_postgres(FORWARD), on_postgres(BACKWARD))]
