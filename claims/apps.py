from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Newsroom claims"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from claims import checks, signals  # noqa: F401 - registers them
        from claims.search import repair_sqlite_index

        post_migrate.connect(repair_sqlite_index, sender=self)
