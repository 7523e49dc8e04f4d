"""Who hears of what: follows and notifications.

A service that changes something people follow calls `notify` inside its own
transaction, so a notification exists exactly when the change does. Nobody is
notified of their own action, and nobody twice for one change.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims.models import Claim, Follow, Note, Notification, Question


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


def follow(*, user: User, claim: Claim | None = None, question: Question | None = None) -> None:
    """Follow a claim or a question; following again changes nothing."""
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


def followers(*, claim: Claim | None = None, question: Question | None = None) -> QuerySet[User]:
    return User.objects.filter(
        follows__claim=claim, follows__question=question, is_active=True
    ).distinct()


def unread_count(user: User) -> int:
    """For the header's badge: one count on a partial index of what is unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, user: User, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications read, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())
