"""The read-only JSON API: articles, claims, sources and questions, for
signed-in users or API tokens issued in the admin. OpenAPI at /api/schema/."""
