"""Read articles with the assistant again and store its suggestions."""

import uuid

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims import models
from claims.suggesting import compute_suggestions


class Command(BaseCommand):
    help = (
        "Compute and store the assistant's suggestions for some articles (by id or uid) or "
        "for all of them, for instance after the language pipeline was upgraded. Prints a "
        "summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("articles", nargs="*", help="Article ids or uids.")
        parser.add_argument("--all", action="store_true", dest="every", help="Every article.")

    def handle(self, *args, articles: list[str], every: bool, **options):
        if every == bool(articles):
            raise CommandError("Name some articles (id or uid), or give --all.")
        chosen = models.Article.objects.order_by("pk") if every else self._chosen(articles)
        # Ids first, then one article at a time: no cursor stays open across the writes.
        pks = list(chosen.values_list("pk", flat=True))
        done = suggestions = 0
        failures: list[str] = []
        # The bar goes to stderr, the summary to stdout: `suggest --all > log` keeps it clean.
        progress = tqdm(
            pks,
            desc="Suggesting",
            unit="article",
            file=getattr(self.stderr, "_out", None),
        )
        for pk in progress:
            article = models.Article.objects.filter(pk=pk).first()
            if article is None:
                continue  # deleted meanwhile
            stored = compute_suggestions(article)
            done += 1
            suggestions += len(stored.items)
            if stored.failure:
                failures.append(f"{article.pk} “{article.title[:60]}”: {stored.failure}")
        self.stdout.write(
            f"{done} article{'s' * (done != 1)}, {suggestions} suggestion"
            f"{'s' * (suggestions != 1)}, {len(failures)} failure{'s' * (len(failures) != 1)}."
        )
        for line in failures:
            self.stdout.write(f"  failed {line}")

    def _chosen(self, given: list[str]):
        pks = []
        for value in given:
            if value.isdigit():
                lookup = {"pk": int(value)}
            else:
                try:
                    lookup = {"uid": uuid.UUID(value)}
                except ValueError:
                    raise CommandError(f"“{value}” is neither an article id nor a uid.") from None
            pk = models.Article.objects.filter(**lookup).values_list("pk", flat=True).first()
            if pk is None:
                raise CommandError(f"No article has the id or uid {value}.")
            pks.append(pk)
        return models.Article.objects.filter(pk__in=pks).order_by("pk")
