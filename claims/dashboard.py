"""What the desk's dashboard reads, as plain data, cheaply at a million claims.

Every figure is bounded: a count reads at most COUNT_CAP + 1 index entries and a
list a handful of rows, each through an index, so the page costs the same with
a thousand claims or a million.

How counts are shown: exact up to COUNT_CAP, and "1,000+" beyond, as the review
queue shows them. A newsroom acts on small numbers ("7 conflicts to decide",
"42 new claims") and needs them exact; past a thousand the exact figure changes
no decision. The alternatives were worse: a counter table kept up by the
services is exact only while every path that changes a status keeps it (the
admin, restoring a version, deleting an article with its claims, bulk updates,
imports), and one forgotten path makes the desk's headline figure quietly
wrong; every status change would also queue on the same few counter rows.
PostgreSQL's estimates drift with autovacuum and print a precise-looking number
that nobody can check. A capped count is exact where it matters, honest beyond,
and the same figure the queue shows when the editor follows the link.

The figures of work done (assigned, rated, published) are the queue's filters
(`QueueFilterForm`, parameters `done`, `by`, `since`), so a figure and the list
it links to count the same claims.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, TextChoices
from django.utils import timezone

from claims import models, roles

# As the review queue's (claims.views.queue.COUNT_CAP; a test keeps them equal).
COUNT_CAP = 1_000
OLDEST_NEW = 10
OLDEST_CONFLICTS = 5
ACTIVITY = 15


class Work(TextChoices):
    """What an editor did to a claim, as the dashboard counts it and the queue filters it."""

    ASSIGNED = "assigned", "assigned"
    RATED = "rated", "rated"
    PUBLISHED = "published", "published"


@dataclass(frozen=True)
class Tally:
    """A count, exact up to COUNT_CAP; beyond it, only that it is more."""

    value: int

    @property
    def capped(self) -> bool:
        return self.value > COUNT_CAP

    def __str__(self) -> str:
        return f"{COUNT_CAP:,}+" if self.capped else f"{self.value:,}"


class CappedCount(Subquery):
    """COUNT(*) over at most COUNT_CAP + 1 rows of a queryset, as a subquery:
    it may refer to the outer query (OuterRef), one row of which it counts for."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet) -> None:
        super().__init__(queryset.order_by()[: COUNT_CAP + 1])


def capped(queryset: QuerySet) -> Tally:
    """The queue's capped count: reads at most COUNT_CAP + 1 rows."""
    return Tally(queryset.order_by()[: COUNT_CAP + 1].count())


def capped_together(querysets: list[QuerySet]) -> list[Tally]:
    """Several capped counts in one round trip: SELECT (count 1), (count 2), …"""
    parts, params = [], []
    for queryset in querysets:
        sql, values = queryset.order_by()[: COUNT_CAP + 1].query.sql_with_params()
        # Django compiled the SQL; the values stay parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")  # noqa: S608
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [Tally(value) for value in cursor.fetchone()]


def week_start(now: dt.datetime | None = None) -> dt.datetime:
    """Monday 00:00 of this week, in the newsroom's time zone."""
    today = timezone.localdate(now)
    monday = today - dt.timedelta(days=today.weekday())
    return timezone.make_aware(dt.datetime.combine(monday, dt.time.min))


# Work done, shared with the queue's filters ------------------------------------


def assignments(*, by=None, since: dt.datetime | None = None) -> QuerySet:
    """Claims assigned (to `by`, or to anyone), since `since`: their current assignment."""
    claims = models.Claim.objects.filter(assignee__isnull=False)
    if by is not None:
        claims = claims.filter(assignee=by)
    if since is not None:
        claims = claims.filter(assigned_at__gte=since)
    return claims


def ratings(*, by=None, since: dt.datetime | None = None) -> QuerySet:
    """Verdicts on our scale, by their last reviewer, rated on or after `since`'s day.

    A claim rated again counts for whoever rated it last: the verdict keeps one
    reviewer and one date, and the earlier ones are in its history only.
    """
    verdicts = models.Verdict.objects.filter(rating__isnull=False)
    if by is not None:
        verdicts = verdicts.filter(reviewer=by)
    if since is not None:
        verdicts = verdicts.filter(reviewed_on__gte=timezone.localdate(since))
    return verdicts


def first_publications(*, by=None, since: dt.datetime | None = None) -> QuerySet:
    """Claims put on their public page (not updates of it), of claims still here."""
    publications = models.Publication.objects.filter(modified_at__isnull=True).filter(
        Exists(models.Claim.objects.filter(uid=OuterRef("claim_uid")))
    )
    if by is not None:
        publications = publications.filter(published_by=by)
    if since is not None:
        publications = publications.filter(first_published_at__gte=since)
    return publications


def claims_worked(claims: QuerySet, work: str, *, by=None, since=None) -> QuerySet:
    """`claims` narrowed to those that had this work done (by someone, since a time)."""
    if work == Work.ASSIGNED:
        return claims.filter(pk__in=assignments(by=by, since=since).values("pk"))
    if work == Work.RATED:
        return claims.filter(pk__in=ratings(by=by, since=since).values("claim_id"))
    if work == Work.PUBLISHED:
        return claims.filter(uid__in=first_publications(by=by, since=since).values("claim_uid"))
    raise ValueError(f"No such work: {work!r}")


# What the dashboard shows -------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: Tally


@dataclass(frozen=True)
class WaitingClaim:
    pk: int
    text: str
    created_at: dt.datetime
    article_title: str
    assignee: str  # a username, or empty


@dataclass(frozen=True)
class WaitingConflict:
    pk: int
    question_id: int
    question: str
    reason: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Conflicts:
    count: Tally
    oldest: list[WaitingConflict]


@dataclass(frozen=True)
class EditorWork:
    username: str
    name: str
    assigned: Tally
    rated: Tally
    published: Tally

    @property
    def total(self) -> int:
        return self.assigned.value + self.rated.value + self.published.value


@dataclass(frozen=True)
class Activity:
    """One recorded change to a claim, newest first on the dashboard."""

    when: dt.datetime
    who: str  # a username, or empty when no one signed in made it
    claim_id: int
    text: str
    what: str  # "created", "status new → rated", "assigned to vera", …
    exists: bool  # False once the claim is deleted: nothing to link to


@dataclass(frozen=True)
class Overview:
    since: dt.datetime
    statuses: list[StatusCount]
    oldest_new: list[WaitingClaim]
    conflicts: Conflicts
    published: Tally
    editors: list[EditorWork]
    activity: list[Activity]


def status_counts() -> list[StatusCount]:
    """Claims by status, each a capped count on the (status, …) index, in one query."""
    counts = capped_together(
        [models.Claim.objects.filter(status=value).values("pk") for value in models.ClaimStatus]
    )
    return [
        StatusCount(value, label, count)
        for (value, label), count in zip(models.ClaimStatus.choices, counts, strict=True)
    ]


def oldest_new(limit: int = OLDEST_NEW) -> list[WaitingClaim]:
    """The new claims waiting longest since they were marked."""
    rows = (
        models.Claim.objects.filter(status=models.ClaimStatus.NEW)
        .order_by("created_at", "id")
        .values("pk", "statement", "quote", "created_at", "article__title", "assignee__username")
    )[:limit]
    return [
        WaitingClaim(
            pk=row["pk"],
            text=row["statement"] or row["quote"],
            created_at=row["created_at"],
            article_title=row["article__title"],
            assignee=row["assignee__username"] or "",
        )
        for row in rows
    ]


def waiting_conflicts(limit: int = OLDEST_CONFLICTS) -> Conflicts:
    """Conflicts still to decide: how many, and those waiting longest."""
    waiting = models.Conflict.objects.filter(status=models.ConflictStatus.SUGGESTED)
    rows = waiting.order_by("created_at", "id").values(
        "pk", "question_id", "question__text", "reason", "created_at"
    )[:limit]
    return Conflicts(
        count=capped(waiting.values("pk")),
        oldest=[
            WaitingConflict(
                pk=row["pk"],
                question_id=row["question_id"],
                question=row["question__text"],
                reason=row["reason"],
                created_at=row["created_at"],
            )
            for row in rows
        ],
    )


def published_since(since: dt.datetime) -> Tally:
    return capped(first_publications(since=since).values("claim_uid").distinct())


def work_per_editor(since: dt.datetime) -> list[EditorWork]:
    """What each editor and curator did since `since`, busiest first; those who did
    nothing are left out. One query: three capped counts per person, each on an
    index that starts with the person."""
    memberships = get_user_model().groups.through.objects.filter(
        user=OuterRef("pk"), group__name__in=[roles.EDITORS, roles.CURATORS]
    )
    person = OuterRef("pk")
    rows = (
        get_user_model()
        .objects.filter(Q(Exists(memberships)) | Q(is_superuser=True))
        .annotate(
            assigned=CappedCount(assignments(by=person, since=since).values("pk")),
            rated=CappedCount(ratings(by=person, since=since).values("pk")),
            published=CappedCount(
                first_publications(by=person, since=since).values("claim_uid").distinct()
            ),
        )
        .values("username", "first_name", "last_name", "assigned", "rated", "published")
    )
    work = [
        EditorWork(
            username=row["username"],
            name=f"{row['first_name']} {row['last_name']}".strip() or row["username"],
            assigned=Tally(row["assigned"]),
            rated=Tally(row["rated"]),
            published=Tally(row["published"]),
        )
        for row in rows
    ]
    return sorted((w for w in work if w.total), key=lambda w: (-w.total, w.name.lower()))


def _history_before(field: str) -> Subquery:
    """The value `field` had in the claim's version before this one."""
    return Subquery(
        models.Claim.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values(field)[:1]
    )


def _described(row: dict) -> str:
    if row["history_type"] == "+":
        return "created"
    if row["history_type"] == "-":
        return "deleted"
    if row["before_status"] is None:
        # No earlier version recorded (demo, generated or imported data): say
        # where the claim stands now.
        labels = dict(models.ClaimStatus.choices)
        now = f"changed; now {labels.get(row['status'], row['status'])}"
        return f"{now}, with {row['assignee__username']}" if row["assignee__username"] else now
    changes = []
    if row["before_status"] != row["status"]:
        labels = dict(models.ClaimStatus.choices)
        before = labels.get(row["before_status"], row["before_status"])
        changes.append(f"status {before} → {labels.get(row['status'], row['status'])}")
    if row["before_assignee"] != row["assignee__username"]:
        if row["assignee__username"]:
            changes.append(f"assigned to {row['assignee__username']}")
        else:
            changes.append("unassigned")
    if row["before_statement"] != row["statement"]:
        changes.append("statement edited")
    if row["before_question"] != row["question_id"]:
        changes.append("question changed" if row["question_id"] else "taken off its question")
    # A save of none of these is a change to one of its parts: sources, figure,
    # notes or verdict (services.touch).
    return ", ".join(changes) or "sources, notes or verdict changed"


def recent_activity(limit: int = ACTIVITY) -> list[Activity]:
    """The latest recorded changes to claims, from their history, in one query:
    newest first on the history's date index, each with the few fields of the
    version before it (looked up by the claim's id, also indexed)."""
    rows = (
        models.Claim.history.order_by("-history_date", "-history_id")
        .annotate(
            before_status=_history_before("status"),
            before_statement=_history_before("statement"),
            before_question=_history_before("question_id"),
            before_assignee=_history_before("assignee__username"),
            exists=Exists(models.Claim.objects.filter(pk=OuterRef("id"))),
        )
        .values(
            "history_date", "history_type", "history_user__username", "id", "statement",
            "quote", "status", "question_id", "assignee__username", "before_status",
            "before_statement", "before_question", "before_assignee", "exists",
        )[:limit]
    )  # fmt: skip
    return [
        Activity(
            when=row["history_date"],
            who=row["history_user__username"] or "",
            claim_id=row["id"],
            text=row["statement"] or row["quote"],
            what=_described(row),
            exists=row["exists"],
        )
        for row in rows
    ]


def overview(now: dt.datetime | None = None) -> Overview:
    """Everything the dashboard shows, for the week that holds `now`."""
    since = week_start(now)
    return Overview(
        since=since,
        statuses=status_counts(),
        oldest_new=oldest_new(),
        conflicts=waiting_conflicts(),
        published=published_since(since),
        editors=work_per_editor(since),
        activity=recent_activity(),
    )
