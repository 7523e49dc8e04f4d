"""Who hears of what: follows and notifications.

A service that changes something people follow calls `notify` inside its own
transaction, so a notification exists exactly when the change does. Nobody is
notified of their own action, and nobody twice for one change.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import IntegerField, QuerySet, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.models import (
    Claim,
    ClaimStatus,
    Conflict,
    Follow,
    Note,
    Notification,
    NotificationKind,
    Question,
)


def notify(
    *,
    recipients: Iterable[User | None],
    actor: User | None,
    kind: str,
    message: str,
    claim: Claim | None = None,
    question: Question | None = None,
    note: Note | None = None,
) -> list[Notification]:
    """One notification for each recipient but the actor, each once."""
    seen: set[int] = set()
    made = []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        if not user.is_active:
            continue
        seen.add(user.pk)
        made.append(
            Notification(
                recipient=user,
                actor=actor,
                kind=kind,
                message=message[:300],
                claim=claim,
                question=question,
                note=note,
            )
        )
    return Notification.objects.bulk_create(made)


def follow(
    *, user: User | None, claim: Claim | None = None, question: Question | None = None
) -> None:
    """Follow a claim or a question; following again changes nothing.

    A change made by a script (no user) makes nobody follow anything.
    """
    if user is None or not user.is_active:
        return
    try:
        # A savepoint: two requests (a double click) may follow at once.
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, claim=claim, question=question)
    except IntegrityError:
        pass


def unfollow(*, user: User, claim: Claim | None = None, question: Question | None = None) -> None:
    Follow.objects.filter(user=user, claim=claim, question=question).delete()


def is_following(
    user: User, *, claim: Claim | None = None, question: Question | None = None
) -> bool:
    return Follow.objects.filter(user=user, claim=claim, question=question).exists()


def followers(
    *, claim: Claim | int | None = None, question: Question | int | None = None
) -> QuerySet[User]:
    return User.objects.filter(
        follows__claim=claim, follows__question=question, is_active=True
    ).distinct()


def unread_count(user: User) -> int:
    """For the header's badge: one count on a partial index of what is unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# The header shows "99+" beyond this: a count that stops early costs the same
# for someone who never reads their notifications as for someone who does.
HEADER_CAP = 99


class _CappedCount(Subquery):
    """How many rows a sliced queryset has, as a scalar subquery."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()


def _capped(rows: QuerySet) -> _CappedCount:
    return _CappedCount(rows.order_by().values("pk")[: HEADER_CAP + 1])


@dataclass(frozen=True)
class HeaderCounts:
    unread: int  # notifications not read yet, at most HEADER_CAP + 1
    assigned: int  # claims assigned to the user and not published, likewise

    @property
    def cap(self) -> int:
        return HEADER_CAP


def header_counts(user: User) -> HeaderCounts:
    """The header's two figures in one small query: unread notifications (the
    partial index of unread rows) and open claims assigned to the user (the
    index on assignee)."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    assigned = Claim.objects.filter(assignee_id=user.pk).exclude(status=ClaimStatus.PUBLISHED)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(unread=_capped(unread), assigned=_capped(assigned))
        .values_list("unread", "assigned")
        .first()
    )
    return HeaderCounts(*(row or (0, 0)))


def mark_read(*, user: User, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications read, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


def notifications_of(user: User) -> QuerySet[Notification]:
    """A person's notifications, newest first (the inbox index), with what each links to."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "claim", "question", "note")
        .defer("claim__search_vector")
    )


def target_url(notification: Notification) -> str:
    """Where opening a notification leads: the note, the claim, or the question."""
    if notification.claim_id is not None:
        url = notification.claim.get_absolute_url()
        # The thread gives each note an anchor by its public id.
        return f"{url}#note-{notification.note.uid}" if notification.note_id else url
    if notification.question_id is not None:
        return notification.question.get_absolute_url()
    return ""


# Who did it ------------------------------------------------------------------------


def current_user() -> User | None:
    """The signed-in user of the request being answered, if any.

    For changes made deep inside a save (conflicts are recomputed whenever a
    figure changes), where no service passes `by`: the same user the history
    records, through django-simple-history's request middleware.
    """
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def name_of(user: User | None) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.username


def _quoted(claim: Claim) -> str:
    text = (claim.statement or claim.quote).strip()
    return f"“{text if len(text) <= 60 else text[:59] + '…'}”"


# What the services call, in their own transaction ----------------------------------


def claim_assigned(*, claim: Claim, assignee: User, by: User | None) -> None:
    """The new assignee hears of it, and follows the claim from now on."""
    follow(user=assignee, claim=claim)
    notify(
        recipients=[assignee],
        actor=by,
        kind=NotificationKind.ASSIGNED,
        message=f"{name_of(by)} assigned you {_quoted(claim)}",
        claim=claim,
    )


def status_changed(*, claim: Claim, before: str, by: User | None) -> None:
    """Everyone following the claim hears that its status moved (not to
    published: publishing says so itself)."""
    if claim.status == before or claim.status == ClaimStatus.PUBLISHED:
        return
    label = ClaimStatus(claim.status).label
    notify(
        recipients=followers(claim=claim),
        actor=by,
        kind=NotificationKind.STATUS,
        message=f"{name_of(by)} moved {_quoted(claim)} to {label}",
        claim=claim,
    )


def published(*, claim: Claim, by: User | None, update: bool = False) -> None:
    what = "published an update of" if update else "published"
    notify(
        recipients=followers(claim=claim),
        actor=by,
        kind=NotificationKind.PUBLISHED,
        message=f"{name_of(by)} {what} {_quoted(claim)}",
        claim=claim,
    )


def unpublished(*, claim: Claim, by: User | None) -> None:
    notify(
        recipients=followers(claim=claim),
        actor=by,
        kind=NotificationKind.STATUS,
        message=f"{name_of(by)} took down the public fact check of {_quoted(claim)}",
        claim=claim,
    )


def conflict_appeared(*, conflict: Conflict, by: User | None) -> None:
    """Followers of the question hear of a conflict found among its claims."""
    # Most questions have no followers: then the question is not even read.
    recipients = list(followers(question=conflict.question_id))
    if not recipients:
        return
    question = conflict.question
    text = question.text if len(question.text) <= 80 else question.text[:79] + "…"
    notify(
        recipients=recipients,
        actor=by,
        kind=NotificationKind.CONFLICT,
        message=f"Two claims conflict under “{text}”",
        question=question,
    )
