"""The newsclaims domain as database tables.

Vocabulary: a Source says things; an Article reports them; a
Claim is one assertion anchored in an article's text and tied to sources by
Attributions, each with its chain of Conduits; a Quantity is a claim's figure
as an interval; a Question groups claims that answer the same thing; Links
relate claims; Notes annotate them; a Verdict rates them on the newsroom's
Rating scale.

Every table that appears in fixtures has a `uid` natural key, so loading the
demo twice, or into a database with other data, neither duplicates nor
collides. Integrity lives in the database: check and unique constraints are
declared here, not only in forms.
"""

import hashlib
import uuid
from enum import StrEnum

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least, Length, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from claims.domain.numbers import Qualifier, Unit
from claims.fields import WebURLField

LARGEST_ID = 2**63 - 1  # a bigint primary key


# An article's text and PostgreSQL's index of it: the largest columns, and
# read only by the reader; lists and panels that name an article defer them.
ARTICLE_TEXT = ("body", "search_vector")


def article_text(through: str = "") -> list[str]:
    """ARTICLE_TEXT's fields as `defer()` names them, reached `through` a relation."""
    return [f"{through}__{name}" if through else name for name in ARTICLE_TEXT]


def record_id(text: str) -> int | None:
    """The id a query parameter names, or None when it cannot name a record:
    not ASCII digits ("²" is a digit to str.isdigit, not to int), or beyond
    the largest id the database holds."""
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    number = int(text)
    return number if 1 <= number <= LARGEST_ID else None


def enum_choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


def one_of(
    field: str, choices: type[models.Choices] | type[StrEnum], name: str
) -> models.CheckConstraint:
    """A check constraint that keeps a choice field inside its choices."""
    values = [member.value for member in choices]
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)


class RecordQuerySet(models.QuerySet):
    """Writes in bulk leave the same trace in the history as single saves.

    Saves and deletes (one by one or through a queryset) are recorded by
    django-simple-history's signals; `update` and `bulk_create` send none, so
    they record the rows they wrote themselves (`bulk_update` goes through
    `update`).
    """

    def _record(self, rows, *, update: bool) -> None:
        history = getattr(self.model, "history", None)
        if history is not None and rows:
            history.bulk_history_create(rows, update=update)

    def update(self, **kwargs) -> int:
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            self._record(
                list(self.model._base_manager.using(self.db).filter(pk__in=pks)), update=True
            )
        return count

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            self._record([obj for obj in created if obj.pk is not None], update=False)
        return created


class UidManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, uid: str):
        return self.get(uid=uid)


class Record(models.Model):
    """A row with a stable public identifier and its creation and change times."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UidManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (str(self.uid),)


class VersionedRecord(Record):
    """A record edited by people: its version counts saved changes.

    The version lets a save check that nobody else saved in between.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


# Sources ----------------------------------------------------------------------


class SourceKind(models.TextChoices):
    PERSON = "person", "person"
    ORGANISATION = "organisation", "organisation"
    OUTLET = "outlet", "outlet"
    GROUP = "group", "group (unnamed collective)"
    ANONYMOUS = "anonymous", "anonymous (one unnamed person)"


class OrganisationType(models.TextChoices):
    GOVERNMENT_BODY = "government_body", "government body"
    AGENCY = "agency", "agency"
    ARMY = "army", "army"
    NGO = "ngo", "NGO"
    COMPANY = "company", "company"
    THINK_TANK = "think_tank", "think tank"
    INTERNATIONAL = "international", "international organisation"


class Assessment(models.TextChoices):
    UNASSESSED = "unassessed", "not assessed"
    RELIABLE = "reliable", "generally reliable"
    MIXED = "mixed", "mixed record"
    UNRELIABLE = "unreliable", "generally unreliable"
    DEPRECATED = "deprecated", "deprecated"


class Source(VersionedRecord):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    organisation_type = models.CharField(
        max_length=16,
        choices=OrganisationType.choices,
        blank=True,
        help_text="Only for organisations.",
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who this is, in a line: “South Korea’s spy chief”.",
    )
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text="The organisation this source belongs to or speaks for.",
    )
    country = CountryField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata item",
        max_length=20,
        blank=True,
        help_text="A Q-number such as Q567.",
    )
    assessment = models.CharField(
        max_length=16, choices=Assessment.choices, default=Assessment.UNASSESSED
    )
    assessment_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a curator last reviewed this source; empty means unreviewed.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["kind", "name"]),
        ]
        constraints = [
            one_of("kind", SourceKind, "source_kind_valid"),
            one_of("assessment", Assessment, "source_assessment_valid"),
            models.CheckConstraint(
                condition=Q(organisation_type="") | Q(kind="organisation"),
                name="source_organisation_type_only_for_organisations",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty"),
            models.CheckConstraint(
                condition=~Q(affiliation=F("id")), name="source_not_affiliated_to_itself"
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="source_wikidata_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("source_detail", args=[self.pk])

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class SourceAlias(Record):
    """Another name a source goes by: “Zelensky” for “Volodymyr Zelenskyy”."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "source aliases"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="alias_unique_per_source"),
            models.CheckConstraint(condition=~Q(name=""), name="alias_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class OutletDomain(Record):
    """A registered domain an outlet publishes under (“nytimes.com”, “bbc.co.uk”).

    Imported pages are given the outlet whose domain they come from, so an outlet
    is never made from what a page happens to call its site.
    """

    outlet = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="domains",
        limit_choices_to={"kind": SourceKind.OUTLET},
    )
    domain = models.CharField(
        max_length=253, unique=True, help_text="The registered domain, without “www.”: bbc.co.uk."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(domain="") & Q(domain=Lower("domain")), name="outlet_domain_lower"
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        # Curators type what the address bar shows: “www.BBC.co.uk/news”.
        domain = self.domain.strip().lower().split("://")[-1].split("/")[0]
        self.domain = domain.removeprefix("www.")


# Articles ---------------------------------------------------------------------


def language_name(tag: str) -> str:
    """“French” for “fr”, from Django's table of languages; the tag where it has no name."""
    for code in (tag.lower(), tag.split("-")[0].lower()):
        try:
            return get_language_info(code)["name"]
        except KeyError:
            continue
    return tag


def body_fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Article(VersionedRecord):
    """A news item as published; its body is what claims point into."""

    outlet = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="articles",
        limit_choices_to={"kind": SourceKind.OUTLET},
    )
    title = models.CharField(max_length=500)
    url = WebURLField("URL", max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    authors = models.CharField(max_length=500, blank=True, help_text="As in the byline.")
    language = models.CharField(max_length=35, default="en", help_text="A BCP 47 tag: en, pt-BR.")
    body = models.TextField()
    search_vector = SearchVectorField(
        null=True, editable=False,
        help_text="Kept by a PostgreSQL trigger from the title and body (claims.search).",
    )  # fmt: skip
    fingerprint = models.CharField(
        max_length=64, editable=False, db_index=True, default="",
        help_text="SHA-256 of the body: the same text imported twice is found by it.",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="article_newest_first"),
            models.Index(fields=["outlet", "-published_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.fingerprint = body_fingerprint(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "fingerprint"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("article_reader", args=[self.pk])

    @property
    def html_lang(self) -> str:
        """The `lang` attribute of its text: empty, meaning unknown, for BCP 47's “und”."""
        return "" if self.language in ("", "und") else self.language

    @property
    def language_name(self) -> str:
        return language_name(self.language) if self.html_lang else "language not detected"


class ArticleRevision(Record):
    """The text of an article before a correction replaced it.

    A correction makes a new revision: the old body is kept here, the article
    holds the new one, and every claim is re-anchored to it; a claim whose
    passage is gone keeps pointing into the revision it came from.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 is the text as first published.")
    body = models.TextField()
    note = models.CharField(max_length=500, blank=True, help_text="What the correction changed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article} (revision {self.number})"


# Questions and claims -----------------------------------------------------------


class Question(VersionedRecord):
    """What several claims answer, so they can be compared side by side."""

    text = models.CharField(max_length=300, unique=True)
    counted = models.CharField(
        "what is counted",
        max_length=200,
        blank=True,
        help_text="For numeric questions: “North Korean troops sent to Russia”.",
    )
    unit = models.CharField(max_length=16, choices=enum_choices(Unit), default=Unit.COUNT)
    as_of = models.DateField(
        null=True, blank=True, help_text="The date the question is about, if one."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["text"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_not_empty"),
            one_of("unit", Unit, "question_unit_valid"),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("question_detail", args=[self.pk])


class ClaimKind(models.TextChoices):
    QUANTITY = "quantity", "quantity"
    # What someone asserted that is neither a figure nor a quotation: the
    # kind a marked passage starts with when it reads as neither.
    STATEMENT = "statement", "statement"
    EVENT = "event", "event"
    QUOTATION = "quotation", "quotation"
    PREDICTION = "prediction", "prediction"
    OPINION = "opinion", "opinion"


class ClaimStatus(models.TextChoices):
    NEW = "new", "new"
    IN_REVIEW = "in_review", "in review"
    RATED = "rated", "rated"
    PUBLISHED = "published", "published"
    NOT_CHECKABLE = "not_checkable", "not checkable"


class Claim(VersionedRecord):
    """One assertion in one article, anchored to the exact passage.

    The anchor follows the W3C Web Annotation selectors: a TextQuoteSelector
    (quote with prefix and suffix) and a TextPositionSelector (start and end,
    in Unicode code points of the article body).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    quote = models.TextField(help_text="The exact passage, as it stands in the article.")
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField(help_text="Offset of the passage in code points.")
    end = models.PositiveIntegerField()
    statement = models.TextField(blank=True, help_text="The claim restated in one sentence.")
    kind = models.CharField(max_length=16, choices=ClaimKind.choices, default=ClaimKind.STATEMENT)
    refers_to = models.DateField(
        "refers to", null=True, blank=True, help_text="The date the claim is about."
    )
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    search_vector = SearchVectorField(
        null=True, editable=False,
        help_text="Kept by a PostgreSQL trigger from the statement and quote (claims.search).",
    )  # fmt: skip
    orphaned_from = models.ForeignKey(
        "ArticleRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="orphans",
        help_text="Set when a correction removed the passage: the anchor points into this revision.",
    )  # fmt: skip
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    assigned_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the assignee was given it."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        permissions = [("restore_claim", "Can bring back deleted claims")]
        ordering = ["article", "start", "end", "id"]
        indexes = [
            models.Index(fields=["article", "start", "end"], name="claim_reading_order"),
            models.Index(fields=["-updated_at", "-id"], name="claim_recent"),
            models.Index(fields=["status", "-updated_at", "-id"], name="claim_status_recent"),
            models.Index(fields=["question", "-updated_at", "-id"], name="claim_question_recent"),
            models.Index(fields=["article", "-updated_at", "-id"], name="claim_article_recent"),
            models.Index(fields=["assignee", "-updated_at", "-id"], name="claim_assignee_recent"),
            models.Index(fields=["assignee", "-assigned_at", "-id"], name="claim_assignee_latest"),
            models.Index(fields=["question", "refers_to"], name="claim_question_date"),
            # The dashboard's oldest unreviewed claims: only new ones are indexed.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="new"),
                name="claim_unreviewed_oldest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="claim_anchor_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("quote")),
                name="claim_anchor_length_matches_quote",
            ),
            one_of("kind", ClaimKind, "claim_kind_valid"),
            one_of("status", ClaimStatus, "claim_status_valid"),
        ]

    def __str__(self) -> str:
        text = self.statement or self.quote
        return text if len(text) <= 80 else text[:79] + "…"

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.pk])


class AttributionMode(models.TextChoices):
    DIRECT_QUOTE = "direct_quote", "direct quote"
    PARAPHRASE = "paraphrase", "paraphrase"
    ACCORDING_TO = "according_to", "according to"


class Attribution(Record):
    """How a claim is tied to a source: in what role, how, through whom."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attributions")
    role = models.CharField(
        max_length=300,
        blank=True,
        help_text="The role the source spoke in: “United States Defense Secretary”.",
    )
    mode = models.CharField(
        max_length=16, choices=AttributionMode.choices, default=AttributionMode.PARAPHRASE
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order among the claim’s sources."
    )

    history = HistoricalRecords()

    class Meta:
        # By the column: ordering by the relation would join the claim, and its
        # article, to sort by their own orderings.
        ordering = ["claim_id", "position", "id"]
        indexes = [models.Index(fields=["source", "claim"], name="attribution_by_source")]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="attribution_unique_source_per_claim"
            ),
            one_of("mode", AttributionMode, "attribution_mode_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.claim}"


class Conduit(Record):
    """One step of the chain a claim travelled through to reach the article.

    “Axios, quoting three Israeli sources”: the attribution's source is the
    three Israeli sources, and Axios is the conduit.
    """

    attribution = models.ForeignKey(Attribution, on_delete=models.CASCADE, related_name="chain")
    position = models.PositiveSmallIntegerField(help_text="0 is nearest to the source.")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="relays"
    )
    label = models.CharField(
        max_length=300, help_text="As the article puts it: “told The War Zone”."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["attribution_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attribution", "position"], name="conduit_unique_position"
            ),
            models.CheckConstraint(condition=~Q(label=""), name="conduit_label_not_empty"),
        ]

    def __str__(self) -> str:
        return self.label


class Quantity(Record):
    """The figure in a claim as an interval; either bound may be open.

    For “1,500 or 12,000” (qualifier either/or) the bounds are the two
    alternatives, not a range of values.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="quantity")
    low = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    qualifier = models.CharField(
        max_length=24, choices=enum_choices(Qualifier), default=Qualifier.EXACT
    )
    unit = models.CharField(max_length=16, choices=enum_choices(Unit), default=Unit.COUNT)
    precision = models.DecimalField(
        max_digits=30,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="The rounding the wording implies: 1000 for “some 3,000”.",
    )
    counted = models.CharField("what is counted", max_length=200, blank=True)
    wording = models.CharField(
        "original wording", max_length=200, blank=True, help_text="“1,500 or 12,000”."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "quantities"
        constraints = [
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="quantity_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=False) | Q(high__isnull=False),
                name="quantity_has_a_bound",
            ),
            models.CheckConstraint(
                condition=Q(precision__isnull=True) | Q(precision__gt=0),
                name="quantity_precision_positive",
            ),
            one_of("qualifier", Qualifier, "quantity_qualifier_valid"),
            one_of("unit", Unit, "quantity_unit_valid"),
        ]

    def __str__(self) -> str:
        return self.wording or f"{self.low}–{self.high}"


class LinkType(models.TextChoices):
    SUPPORTS = "supports", "supports"
    CONTRADICTS = "contradicts", "contradicts"
    SAME_CLAIM = "same_claim", "same claim as"
    UPDATES = "updates", "updates"


class Link(Record):
    """A typed relation between two claims."""

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_in")
    type = models.CharField(max_length=16, choices=LinkType.choices)
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_claim_id", "type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="link_not_to_itself"
            ),
            models.UniqueConstraint(fields=["from_claim", "to_claim", "type"], name="link_unique"),
            # A contradicts B is B contradicts A: one link per pair, whichever way it was made.
            models.UniqueConstraint(
                Least("from_claim", "to_claim"),
                Greatest("from_claim", "to_claim"),
                "type",
                condition=Q(type__in=[LinkType.CONTRADICTS, LinkType.SAME_CLAIM]),
                name="link_symmetric_unique",
                violation_error_message="These two claims are already linked so, the other way.",
            ),
            one_of("type", LinkType, "link_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim} {self.get_type_display()} {self.to_claim}"


class ConflictKind(models.TextChoices):
    CONTRADICTS = "contradicts", "contradicts"
    UPDATES = "updates", "updates"


class ConflictStatus(models.TextChoices):
    SUGGESTED = "suggested", "to decide"
    CONFIRMED = "confirmed", "confirmed"
    DISMISSED = "dismissed", "dismissed"


class Conflict(Record):
    """Two claims under one question that cannot both be true, as computed.

    The app finds them (claims.comparison); an editor confirms one, which
    links the claims, or dismisses it with a reason. The decision is kept, and
    a decided pair is not suggested again.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="conflicts")
    first_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    second_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="+",
        help_text="For an update, the earlier figure the first one replaces.",
    )  # fmt: skip
    kind = models.CharField(max_length=16, choices=ConflictKind.choices)
    severity = models.FloatField(default=0.0, help_text="How far apart: log10 of the gap.")
    reason = models.TextField()
    status = models.CharField(
        max_length=16, choices=ConflictStatus.choices, default=ConflictStatus.SUGGESTED
    )
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    link = models.ForeignKey(
        "Link", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The link made when the conflict was confirmed.",
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        ordering = ["-severity", "id"]
        indexes = [
            models.Index(fields=["status", "-severity", "id"], name="conflict_worklist"),
            models.Index(fields=["question", "status"], name="conflict_by_question"),
            # The dashboard's conflicts waiting longest for a decision.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="suggested"),
                name="conflict_waiting_oldest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_claim=F("second_claim")), name="conflict_between_two_claims"
            ),
            models.UniqueConstraint(
                Least("first_claim", "second_claim"),
                Greatest("first_claim", "second_claim"),
                name="conflict_once_per_pair",
            ),
            one_of("kind", ConflictKind, "conflict_kind_valid"),
            one_of("status", ConflictStatus, "conflict_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(decision_note=""),
                name="conflict_dismissed_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_claim} {self.kind} {self.second_claim}"


class DismissedSuggestion(Record):
    """A passage the assistant suggested as a claim and an editor turned down.

    It is not suggested again.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="dismissed_suggestions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="suggestion_dismissed_once"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="dismissed_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:60]


class SuggestionSet(models.Model):
    """The assistant's suggestions for an article, computed once for the text it read.

    Reading an article costs the language pipeline a noticeable time, so the result is
    kept; a set whose `body_hash` is not the article's current one is out of date.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="suggestion_set")
    body_hash = models.CharField(max_length=64, help_text="SHA-256 of the body it was read from.")
    pipeline = models.CharField(max_length=200, help_text="What made the suggestions.")
    computed_at = models.DateTimeField(default=timezone.now)
    items = models.JSONField(default=list, blank=True, help_text="The suggestions, serialised.")
    failure = models.TextField(blank=True, help_text="Why the assistant refused the text.")
    language = models.CharField(
        max_length=35, default="en", help_text="The article's language when it was read."
    )

    def __str__(self) -> str:
        return f"Suggestions for {self.article}"


class Note(Record):
    """An editor's plain-text annotation on a claim; a claim's notes are a thread.

    A note answers the claim, or replies to one such note (one level of replies).
    Editing keeps the earlier text in the history; deleting keeps the note's place
    in its thread, shown as “deleted by …”, and its text in the history only.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The note this one replies to; empty for a note on the claim.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
    )
    body = models.TextField()
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentions",
        help_text="Who the note names with @username.",
    )  # fmt: skip
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        permissions = [("moderate_note", "Can edit and delete anyone's notes")]
        ordering = ["claim_id", "created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"], name="note_thread")]
        constraints = [
            # A deleted note's text is cleared: it lives on in the history only.
            models.CheckConstraint(
                condition=~Q(body="") | Q(deleted_at__isnull=False), name="note_body_not_empty"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="note_not_its_own_reply"),
        ]

    def __str__(self) -> str:
        return self.body if len(self.body) <= 60 else self.body[:59] + "…"


# Verdicts ---------------------------------------------------------------------


class RatingManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Rating(models.Model):
    """One step of the newsroom's rating scale; `value` is ClaimReview's ratingValue."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100, unique=True)
    value = models.PositiveSmallIntegerField(unique=True, help_text="Higher is more accurate.")
    description = models.TextField(blank=True)

    objects = RatingManager()

    class Meta:
        ordering = ["-value"]

    def __str__(self) -> str:
        return self.label

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Verdict(VersionedRecord):
    """The newsroom's rating of a claim, with its reasoning and evidence.

    A verdict brought in from another fact-checker keeps that newsroom's rating as
    written (`imported_label`). When our scale has no step that says the same, the
    verdict has no `rating` until an editor rates the claim, and it cannot be
    published meanwhile: an unknown label is never quietly made one of ours.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        related_name="verdicts",
        null=True,
        help_text="A step of our scale; empty only while another newsroom's rating waits "
        "for an editor to settle it.",
    )
    imported_label = models.TextField(
        "their rating",
        blank=True,
        help_text="The rating another fact-checker gave, as written there.",
    )
    reasoning = models.TextField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verdicts",
    )
    reviewed_on = models.DateField(default=timezone.localdate)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the verdict is published as a ClaimReview."
    )

    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="verdict_published"),
            # The dashboard's work per editor: what each one rated lately.
            models.Index(fields=["reviewer", "reviewed_on"], name="verdict_by_reviewer"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reasoning=""), name="verdict_reasoning_not_empty"),
            # A verdict says something: a step of our scale, or at least the other
            # newsroom's words for an editor to settle.
            models.CheckConstraint(
                condition=Q(rating__isnull=False) | ~Q(imported_label=""),
                name="verdict_rated_or_labelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating_label}: {self.claim}"

    @property
    def is_unmapped(self) -> bool:
        """Another newsroom's rating that no step of our scale stands for yet."""
        return self.rating_id is None

    @property
    def rating_label(self) -> str:
        """Our scale's word, or the other newsroom's as “unmapped: …” until settled."""
        if self.rating_id is None:
            return f"unmapped: {self.imported_label}"
        return self.rating.label


class Evidence(Record):
    """A link the verdict rests on."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = WebURLField("URL", max_length=2000)
    title = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["verdict_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["verdict", "url"], name="evidence_unique_url_per_verdict"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


# Publications -----------------------------------------------------------------


class PublicationQuerySet(RecordQuerySet):
    def current(self):
        """What the public sees now: one publication per published claim."""
        return self.filter(is_current=True)


class PublicationManager(UidManager.from_queryset(PublicationQuerySet)):
    pass


class Publication(Record):
    """What the public sees of a claim, frozen when an editor publishes it.

    The public page and the ClaimReview feed read `content`, never the live
    claim, so a later edit changes nothing public until an editor publishes an
    update. Each publish or update is a new row; the one before stops being
    current and stays as history, as does a publication taken down.
    The claim is named by its uid, which outlives a deleted and restored claim.
    """

    claim_uid = models.UUIDField(db_index=True)
    number = models.PositiveIntegerField(help_text="1 for the first snapshot of the claim.")
    is_current = models.BooleanField(default=True)
    content = models.JSONField(
        help_text="Statement, quote, article, sources, rating, reasoning, evidence, claim date."
    )
    first_published_at = models.DateTimeField(help_text="ClaimReview's datePublished.")
    modified_at = models.DateTimeField(
        null=True, blank=True, help_text="When an update replaced the first text: dateModified."
    )
    correction_note = models.TextField(blank=True, help_text="Shown to the public.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    withdrawal_reason = models.TextField(blank=True)

    objects = PublicationManager()

    class Meta:
        ordering = ["claim_uid", "number"]
        indexes = [
            models.Index(
                fields=["-first_published_at", "-id"],
                condition=Q(is_current=True),
                name="publication_feed",
            ),
            # The dashboard's claims published this week, in all and per editor:
            # first publications only (an update keeps its first date).
            models.Index(
                fields=["first_published_at"],
                condition=Q(modified_at__isnull=True),
                name="publication_first",
            ),
            models.Index(
                fields=["published_by", "first_published_at"],
                condition=Q(modified_at__isnull=True),
                name="publication_first_by",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim_uid"], condition=Q(is_current=True), name="publication_one_current"
            ),
            models.UniqueConstraint(
                fields=["claim_uid", "number"], name="publication_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | (~Q(withdrawal_reason="") & Q(is_current=False)),
                name="publication_withdrawn_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        text = self.content.get("statement") or self.content.get("quote") or ""
        return f"{text[:70]} (publication {self.number})"

    def get_absolute_url(self) -> str:
        return reverse("review_page", args=[self.claim_uid])


# Bringing news in -----------------------------------------------------------------


class Feed(Record):
    """An outlet's RSS or Atom feed, polled into import batches."""

    outlet = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="feeds",
        limit_choices_to={"kind": SourceKind.OUTLET},
    )
    url = WebURLField("feed address", max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True, help_text="As the feed names itself.")
    is_active = models.BooleanField("polled", default=True)
    # What the server said last time, sent back so an unchanged feed costs a 304.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.CharField(max_length=500, blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["outlet__name", "url"]

    def __str__(self) -> str:
        return self.title or self.url


class ImportOrigin(models.TextChoices):
    PAGE = "page", "the import page"
    COMMAND = "command", "the import command"
    FEED = "feed", "a feed"


class ImportBatch(Record):
    """What one editor, command or feed poll asked to bring in at once."""

    origin = models.CharField(max_length=16, choices=ImportOrigin.choices)
    feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="batches"
    )
    outlet = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The outlet of items that name none.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"Import of {self.created_at:%Y-%m-%d %H:%M} from {self.get_origin_display()}"

    def get_absolute_url(self) -> str:
        return reverse("import_batch", args=[self.uid])


class ImportState(models.TextChoices):
    QUEUED = "queued", "queued"
    FETCHING = "fetching", "fetching"
    EXTRACTING = "extracting", "extracting"
    IMPORTED = "imported", "imported"
    DUPLICATE = "duplicate", "already here"
    REFUSED = "refused", "refused"

    @classmethod
    def finished(cls) -> tuple[str, ...]:
        return (cls.IMPORTED, cls.DUPLICATE, cls.REFUSED)


class ImportItem(Record):
    """One address (or feed entry) of a batch, and what became of it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    address = models.CharField(max_length=2000, help_text="As given: it may not be a web address.")
    state = models.CharField(max_length=16, choices=ImportState.choices, default=ImportState.QUEUED)
    reason = models.CharField(max_length=500, blank=True, help_text="Why it was refused.")
    # Only a page judged not to be an article may be forced in; an unsafe
    # address or an unreadable page never is.
    can_force = models.BooleanField(default=False)
    force = models.BooleanField(
        default=False, help_text="Import even if it does not look like an article."
    )
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField(max_length=2000, blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["batch_id", "position"]
        indexes = [models.Index(fields=["state"], name="import_item_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "position"], name="import_item_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def is_finished(self) -> bool:
        return self.state in ImportState.finished()


# The desk: who follows what, and what each person has not read yet ---------------


class Follow(models.Model):
    """Someone who wants to hear of a claim's or a question's changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, question__isnull=True)
                | Q(claim__isnull=True, question__isnull=False),
                name="follow_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "claim"], condition=Q(claim__isnull=False), name="follow_claim_once"
            ),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="follow_question_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.claim or self.question}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "assigned to you"
    MENTIONED = "mentioned", "mentioned you"
    REPLIED = "replied", "replied to your note"
    STATUS = "status", "changed the status"
    PUBLISHED = "published", "published"
    CONFLICT = "conflict", "a conflict appeared"


class Notification(models.Model):
    """Something a person has to hear of, made in the same transaction as the change."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.CharField(max_length=300, help_text="What happened, in a line.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The page, newest first, by keyset.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            # The header's badge: one small count of what is unread.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]
        constraints = [one_of("kind", NotificationKind, "notification_kind_valid")]

    def __str__(self) -> str:
        return f"To {self.recipient}: {self.message}"
