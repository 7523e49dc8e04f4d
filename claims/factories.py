"""factory-boy factories for every model: the one set the tests and the
data generator build with."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from claims import models, roles


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.example")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role=roles.EDITORS)` puts the user in that group."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted == roles.CURATORS:
                self.is_staff = True
                self.save(update_fields=["is_staff"])


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source

    name = factory.Faker("name")
    kind = models.SourceKind.PERSON
    country = "GB"


class OutletFactory(SourceFactory):
    name = factory.Sequence(lambda n: f"The Daily Record {n}")
    kind = models.SourceKind.OUTLET


class SourceAliasFactory(DjangoModelFactory):
    class Meta:
        model = models.SourceAlias

    source = factory.SubFactory(SourceFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = models.Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Faker("sentence", nb_words=8)
    url = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    published_on = factory.Faker(
        "date_between", start_date=dt.date(2020, 1, 1), end_date=dt.date(2026, 1, 1)
    )
    authors = factory.Faker("name")
    body = factory.Faker("paragraph", nb_sentences=12)


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = models.Question

    text = factory.Sequence(lambda n: f"How many people attended rally {n}?")
    counted = factory.Sequence(lambda n: f"people at rally {n}")


class ClaimFactory(DjangoModelFactory):
    """A claim anchored on a real passage of its article's body.

    Pass `quote` to anchor on the first occurrence of that text; otherwise
    the first sentence-sized run of the body is used.
    """

    class Meta:
        model = models.Claim

    article = factory.SubFactory(ArticleFactory)
    quote = factory.LazyAttribute(lambda c: c.article.body[: min(len(c.article.body), 60)])
    start = factory.LazyAttribute(lambda c: c.article.body.index(c.quote))
    end = factory.LazyAttribute(lambda c: c.start + len(c.quote))
    prefix = factory.LazyAttribute(lambda c: c.article.body[max(0, c.start - 32) : c.start])
    suffix = factory.LazyAttribute(lambda c: c.article.body[c.end : c.end + 32])
    statement = factory.Faker("sentence")
    kind = models.ClaimKind.EVENT


class AttributionFactory(DjangoModelFactory):
    class Meta:
        model = models.Attribution

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    role = factory.Faker("job")
    mode = models.AttributionMode.PARAPHRASE


class ConduitFactory(DjangoModelFactory):
    class Meta:
        model = models.Conduit

    attribution = factory.SubFactory(AttributionFactory)
    position = factory.Sequence(lambda n: n)
    source = factory.SubFactory(OutletFactory)
    label = factory.LazyAttribute(lambda c: f"told {c.source.name}")


class QuantityFactory(DjangoModelFactory):
    class Meta:
        model = models.Quantity

    claim = factory.SubFactory(ClaimFactory, kind=models.ClaimKind.QUANTITY)
    low = Decimal("3000")
    high = Decimal("3000")
    qualifier = "exact"
    counted = "troops"
    wording = "3,000"


class LinkFactory(DjangoModelFactory):
    class Meta:
        model = models.Link

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    type = models.LinkType.CONTRADICTS


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = models.Note

    claim = factory.SubFactory(ClaimFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("paragraph")


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = models.Rating
        django_get_or_create = ("slug",)

    slug = "false"
    label = "False"
    value = 1


class VerdictFactory(DjangoModelFactory):
    class Meta:
        model = models.Verdict

    claim = factory.SubFactory(ClaimFactory, status=models.ClaimStatus.RATED)
    rating = factory.SubFactory(RatingFactory)
    reasoning = factory.Faker("paragraph")
    reviewer = factory.SubFactory(UserFactory)


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = models.Evidence

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://evidence.example/{n}")
    title = factory.Faker("sentence", nb_words=5)


class ArticleRevisionFactory(DjangoModelFactory):
    class Meta:
        model = models.ArticleRevision

    article = factory.SubFactory(ArticleFactory)
    number = factory.Sequence(lambda n: n + 1)
    body = factory.Faker("paragraph", nb_sentences=8)
    note = "Corrected a figure."


class OutletDomainFactory(DjangoModelFactory):
    class Meta:
        model = models.OutletDomain

    outlet = factory.SubFactory(OutletFactory)
    domain = factory.Sequence(lambda n: f"daily-record-{n}.example")


class FeedFactory(DjangoModelFactory):
    class Meta:
        model = models.Feed

    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda n: f"https://daily-record.example/feed/{n}.xml")
