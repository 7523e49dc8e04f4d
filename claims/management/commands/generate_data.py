"""Build a newsroom's archive at scale, for the benchmark and for trying the app.

    python manage.py generate_data --articles 100000      # about 1,000,000 claims

Outlets, sources (with aliases and affiliations), questions, users and the
rating scale come from the project's factories; articles are written from
sentences that report speech and figures, so that every claim is anchored on
a real passage of its article's body and figures under one question disagree
the way sources do. Everything is inserted in bulk, a table at a time, and is
the same for the same --seed.

The generated rows are seed data: they are inserted without history (the
history begins with the first edit) and without the per-row signals; the
conflicts of the generated questions are computed at the end.
"""

import datetime as dt
import random
import uuid
from decimal import Decimal

import factory.random
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db import models as django_models
from django.utils import timezone
from tqdm import tqdm

from claims import factories, models
from claims.comparison import refresh_all_conflicts
from claims.domain.anchoring import describe

THINGS = [
    ("troops", "troops sent to the front"), ("people", "people evacuated"),
    ("containers", "containers of arms shipped"), ("drones", "drones launched"),
    ("homes", "homes destroyed"), ("refugees", "refugees registered"),
    ("jobs", "jobs lost"), ("protesters", "protesters at the rally"),
    ("patients", "patients treated"), ("votes", "votes counted"),
]  # fmt: skip
PLACES = ["the north", "the capital", "the border region", "the delta", "the coast", "the valley"]
VERBS = ["said", "told reporters", "said on Tuesday", "told lawmakers", "said in a statement"]
FILLER = [
    "The situation remained tense throughout the day.",
    "Residents described long queues at the few shops still open.",
    "Neither side gave details about how the figures were compiled.",
    "Analysts cautioned that the picture could change quickly.",
    "Aid groups called for access to the worst-hit districts.",
    "The announcement came after a week of conflicting reports.",
    "Officials did not say when more information would be released.",
    "Markets reacted calmly to the news on Wednesday.",
]
STATUSES = [
    (models.ClaimStatus.NEW, 45), (models.ClaimStatus.IN_REVIEW, 25),
    (models.ClaimStatus.NOT_CHECKABLE, 15), (models.ClaimStatus.RATED, 10),
    (models.ClaimStatus.PUBLISHED, 5),
]  # fmt: skip


class Command(BaseCommand):
    help = "Generate a realistic archive of articles, claims, sources and questions, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--claims-per-article", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--batch", type=int, default=5000)

    def handle(
        self, *args, articles: int, claims_per_article: int, seed: int, batch: int, **options
    ):
        if articles < 1 or not 1 <= claims_per_article <= 40:
            raise CommandError("Give at least one article and 1 to 40 claims per article.")
        self.rng, self.seed = random.Random(seed), seed
        factory.random.reseed_random(seed)
        self.batch = batch
        started = timezone.now()
        with transaction.atomic():
            self.make_people(articles)
            self.make_articles(articles, claims_per_article)
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # Fresh statistics, or the planner takes a million rows for a few
            # thousand; a visibility map, so that counts can read indexes only.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        questions = refresh_all_conflicts()
        seconds = (timezone.now() - started).total_seconds()
        claims = models.Claim.objects.count()
        self.stdout.write(
            f"Generated {articles:,} articles and {self.claim_count:,} claims "
            f"({claims:,} claims in all) in {seconds:.0f} s: "
            f"{self.claim_count / max(seconds, 0.001):,.0f} claims a second; "
            f"conflicts computed for {questions:,} questions."
        )

    def insert(self, model, rows: list) -> list:
        """Insert without the history the app's own writes keep: generated rows are
        seed data. Their uids come from the seed too, so a second run is the same."""
        for row in rows:
            if hasattr(row, "uid"):
                row.uid = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        if connection.vendor != "postgresql" or not rows:
            return django_models.QuerySet(model).bulk_create(rows, batch_size=self.batch)
        return self.copy(model, rows)

    def copy(self, model, rows: list) -> list:
        """PostgreSQL's COPY, many times faster than INSERT for a million rows.

        The ids come from the table's own sequence first, so that the rows can
        be referred to before they are written.
        """
        table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if f.column != "search_vector"]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(rows)],
            )
            for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                row.pk = pk
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row([f.get_prep_value(getattr(row, f.attname)) for f in fields])
        return rows

    # People, outlets, questions -------------------------------------------------------

    def make_people(self, articles: int) -> None:
        rng = self.rng
        # Generated editors sign nothing in: no password to hash.
        self.users = [
            factories.UserFactory(username=f"generated.editor{n}", role="Editors", password=None)
            for n in range(12)
        ]
        self.outlets = self.insert(
            models.Source,
            [factories.OutletFactory.build(name=f"{factories.OutletFactory.build().name} #{n}")
             for n in range(max(10, articles // 1000))],
        )  # fmt: skip
        organisations = self.insert(
            models.Source,
            [
                factories.SourceFactory.build(
                    name=f"{rng.choice(['Ministry of', 'Agency for', 'Office of', 'Council for'])} "
                    f"{rng.choice(['Defence', 'Health', 'Interior', 'Energy', 'Trade'])} {n}",
                    kind=models.SourceKind.ORGANISATION,
                    organisation_type=models.OrganisationType.GOVERNMENT_BODY,
                )
                for n in range(max(20, articles // 200))
            ],
        )
        people = []
        for _ in tqdm(range(max(50, articles // 2)), desc="sources", unit="source"):
            person = factories.SourceFactory.build(
                affiliation=rng.choice(organisations) if rng.random() < 0.6 else None
            )
            people.append(person)
        self.people = self.insert(models.Source, people)
        aliases = [
            models.SourceAlias(source=person, name=person.name.split()[-1])
            for person in self.people
            if rng.random() < 0.3 and len(person.name.split()) > 1
        ]
        self.insert(models.SourceAlias, aliases)
        self.groups = self.insert(
            models.Source,
            [
                models.Source(name=f"officials in {place}", kind=models.SourceKind.GROUP)
                for place in PLACES
            ],
        )
        self.questions = self.insert(
            models.Question,
            [
                models.Question(
                    text=f"How many {counted} in {place}, case {n}?",
                    counted=f"{counted} in {place}",
                )
                for n in range(max(5, articles // 20))
                for counted, place in [(self.rng.choice(THINGS)[1], self.rng.choice(PLACES))]
            ],
        )
        self.ratings = list(models.Rating.objects.all())
        self.base_values = {
            question.pk: rng.choice([800, 1_500, 3_000, 10_000, 12_000, 40_000])
            for question in self.questions
        }

    # Articles and their claims --------------------------------------------------------

    def make_articles(self, count: int, per_article: int) -> None:
        rng = self.rng
        self.claim_count = 0
        day0 = dt.date(2019, 1, 1)
        with tqdm(total=count, desc="articles", unit="article") as progress:
            for offset in range(0, count, 1000):
                size = min(1000, count - offset)
                drafts = [self.write_article(per_article) for _ in range(size)]
                articles = self.insert(
                    models.Article,
                    [
                        models.Article(
                            outlet=rng.choice(self.outlets),
                            title=title,
                            url=f"https://generated.example/{self.seed}/{offset + n}",
                            published_on=day0 + dt.timedelta(days=rng.randrange(2500)),
                            body=body,
                            fingerprint=models.body_fingerprint(body),
                            authors=rng.choice(self.users).username,
                        )
                        for n, (title, body, _) in enumerate(drafts)
                    ],
                )
                self.make_claims(articles, [spans for _, _, spans in drafts])
                progress.update(size)

    def write_article(self, per_article: int) -> tuple[str, str, list]:
        """An article's title and body, and the claims in it: (start, end, speaker, figure)."""
        rng = self.rng
        parts, spans, length = [], [], 0
        for _ in range(per_article):
            speaker = rng.choice(self.people) if rng.random() < 0.85 else rng.choice(self.groups)
            noun, counted = rng.choice(THINGS)
            place = rng.choice(PLACES)
            figure = None
            if rng.random() < 0.35:
                question = rng.choice(self.questions) if rng.random() < 0.3 else None
                if question is None:
                    value = rng.choice([800, 1_500, 3_000, 10_000, 12_000, 40_000])
                else:
                    # Sources mostly agree on a question's figure; some do not.
                    base = self.base_values[question.pk]
                    value = rng.choice([base, base, base, base * 105 // 100, base * 3])
                wording = f"{value:,}"
                passage = f"{wording} {noun} were affected in {place}"
                figure = (Decimal(value), wording, f"{counted} in {place}", question)
            else:
                passage = f"the {noun} in {place} were {rng.choice(['safe', 'moved', 'counted', 'at risk'])}"
            sentence = f"{speaker.name} {rng.choice(VERBS)} that {passage}."
            start = length + sentence.index(passage)
            spans.append((start, start + len(passage), speaker, figure))
            filler = " ".join(rng.sample(FILLER, 2))
            paragraph = f"{sentence} {filler}\n"
            parts.append(paragraph)
            length += len(paragraph)
        body = "".join(parts).rstrip("\n")
        title = f"{rng.choice(['Officials', 'Ministers', 'Witnesses'])} report {rng.choice(THINGS)[0]} in {rng.choice(PLACES)}"
        return title, body, spans

    def publication(self, claim, speaker, verdict) -> "models.Publication":
        """The public page of a generated published claim, as publishing would freeze it."""
        article, values = claim.article, [rating.value for rating in self.ratings]
        return models.Publication(
            claim_uid=claim.uid, number=1, first_published_at=verdict.published_at,
            published_by=verdict.reviewer,
            content={
                "statement": claim.statement, "quote": claim.quote,
                "article": {"title": article.title, "url": article.url,
                            "outlet": article.outlet.name, "language": article.language,
                            "published_on": article.published_on.isoformat()},
                "sources": [{"name": speaker.name, "kind": speaker.kind, "role": ""}],
                "claim_date": claim.refers_to.isoformat() if claim.refers_to else "",
                "rating": {"label": verdict.rating.label, "slug": verdict.rating.slug,
                           "value": verdict.rating.value, "worst": min(values), "best": max(values)},
                "reasoning": verdict.reasoning, "evidence": [],
            },
        )  # fmt: skip

    def make_claims(self, articles: list, spans_per_article: list) -> None:
        rng = self.rng
        claims = []
        statuses = [status for status, weight in STATUSES for _ in range(weight)]
        now = timezone.now()
        for article, spans in zip(articles, spans_per_article, strict=True):
            for start, end, speaker, figure in spans:
                anchor = describe(article.body, start, end)
                status = rng.choice(statuses)
                # Spread over a year, created before last changed, as a desk's
                # archive is: the dashboard's "this week" and "oldest" read these.
                assignee = rng.choice(self.users) if rng.random() < 0.1 else None
                updated_at = now - dt.timedelta(minutes=rng.randrange(500_000))
                claim = models.Claim(
                    article=article,
                    quote=anchor.quote,
                    prefix=anchor.prefix,
                    suffix=anchor.suffix,
                    start=anchor.start,
                    end=anchor.end,
                    statement=f"{speaker.name}: {anchor.quote}."[:1000],
                    kind=models.ClaimKind.QUANTITY if figure else models.ClaimKind.STATEMENT,
                    status=status,
                    refers_to=article.published_on,
                    assignee=assignee,
                    assigned_at=updated_at if assignee else None,
                    created_at=updated_at - dt.timedelta(minutes=rng.randrange(40_000)),
                    updated_at=updated_at,
                )
                claims.append((claim, speaker, figure))
        saved = self.insert(models.Claim, [claim for claim, _, _ in claims])
        self.claim_count += len(saved)
        attributions, quantities, notes, verdicts, publications = [], [], [], [], []
        for claim, (_, speaker, figure) in zip(saved, claims, strict=True):
            attributions.append(
                models.Attribution(claim=claim, source=speaker, role="", mode="paraphrase")
            )
            if figure is not None:
                value, wording, counted, question = figure
                quantities.append(
                    models.Quantity(
                        claim=claim, low=value, high=value, qualifier="exact",
                        precision=Decimal(100), wording=wording, counted=counted,
                    )
                )  # fmt: skip
                claim.question = question
            if rng.random() < 0.1:
                notes.append(
                    models.Note(
                        claim=claim,
                        author=rng.choice(self.users),
                        body="Checked against the briefing.",
                    )
                )
            if claim.status in {models.ClaimStatus.RATED, models.ClaimStatus.PUBLISHED}:
                verdicts.append(
                    models.Verdict(
                        claim=claim, rating=rng.choice(self.ratings), reasoning="Compared with the official record.",
                        reviewer=rng.choice(self.users),
                        reviewed_on=timezone.localdate(claim.updated_at),
                        published_at=claim.updated_at if claim.status == models.ClaimStatus.PUBLISHED else None,
                    )
                )  # fmt: skip
                if claim.status == models.ClaimStatus.PUBLISHED:
                    publications.append(self.publication(claim, speaker, verdicts[-1]))
        self.insert(models.Attribution, attributions)
        self.insert(models.Quantity, quantities)
        self.insert(models.Note, notes)
        self.insert(models.Verdict, verdicts)
        # Not through COPY: a JSON column wants the database adapter's own encoding.
        for publication in publications:
            publication.uid = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        django_models.QuerySet(models.Publication).bulk_create(publications, batch_size=self.batch)
        with_question = [claim for claim, _, _ in claims if claim.question_id]
        django_models.QuerySet(models.Claim).bulk_update(
            with_question, ["question"], batch_size=self.batch
        )
