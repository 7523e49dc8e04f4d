"""Who is working a claim: assigning, reassigning and releasing claims.

Any active editor or curator may be given a claim, by anyone who may change
claims; viewers may not be given one. Each change is saved through the model,
so the claim's history records it with who made it, sets when it was given,
tells the new assignee (never the person who did it) and makes them follow it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from claims import notifications
from claims.models import Claim, ClaimStatus

# Passed as `expected` when the caller does not know who held the claim.
ANYONE: Literal["anyone"] = "anyone"


class AssignmentRefused(Exception):
    """The claim cannot go to that person; the message says why, for the editor."""


class AssignmentChanged(Exception):
    """Someone else changed the claim's assignee since the form was shown."""

    def __init__(self, claim: Claim):
        self.claim = claim
        who = notifications.name_of(claim.assignee) if claim.assignee else "nobody"
        super().__init__(
            f"Not changed: meanwhile someone assigned this claim to {who}. "
            "It is shown as it is now; choose again if you still want to change it."
        )


def may_be_assigned(user: User) -> bool:
    """Active people who may change claims: editors, curators, administrators."""
    return user.is_active and user.has_perm("claims.change_claim")


def refusal(user: User) -> str:
    name = notifications.name_of(user)
    if not user.is_active:
        return f"{name} is no longer active and cannot be assigned claims."
    return f"{name} can read claims but not work on them, so cannot be assigned one."


def assignable_people() -> QuerySet[User]:
    """Everyone a claim may be given to, by name."""
    change_claim = Permission.objects.filter(
        codename="change_claim", content_type__app_label="claims"
    ).values("pk")
    # Subqueries, not joins: no duplicate rows to fold, one short plan.
    by_role = Group.permissions.through.objects.filter(
        permission__in=change_claim, group__user=OuterRef("pk")
    )
    by_grant = User.user_permissions.through.objects.filter(
        permission__in=change_claim, user=OuterRef("pk")
    )
    return User.objects.filter(
        Q(is_superuser=True) | Exists(by_role) | Exists(by_grant), is_active=True
    ).order_by("first_name", "last_name", "username")


def people_to_filter_by() -> list[tuple[User, str]]:
    """(person, label) for the queue's filter: whoever may be assigned claims,
    and whoever left while holding some, so that those can be found."""
    held = Claim.objects.filter(assignee=OuterRef("pk"))
    people = User.objects.filter(
        Q(pk__in=assignable_people().values("pk")) | Q(Exists(held), is_active=False)
    ).order_by("first_name", "last_name", "username")
    return [
        (user, notifications.name_of(user) + ("" if user.is_active else " (no longer active)"))
        for user in people
    ]


def open_claims(user: User) -> QuerySet[Claim]:
    """The claims a person holds that are not published yet."""
    return Claim.objects.filter(assignee=user).exclude(status=ClaimStatus.PUBLISHED)


@dataclass(frozen=True)
class Holder:
    """A person who is no longer active but still holds open claims."""

    user: User
    open_claims: int


def inactive_holders() -> list[Holder]:
    """Deactivated people whose open claims wait to be given to someone else.

    Few people are ever deactivated: the count goes through the index on the
    assignee for each of them, never over the whole claims table.
    """
    inactive = User.objects.filter(is_active=False).values("pk")
    counts = (
        Claim.objects.filter(assignee__in=inactive)
        .exclude(status=ClaimStatus.PUBLISHED)
        .order_by()
        .values("assignee")
        .annotate(n=Count("pk"))
    )
    held = {row["assignee"]: row["n"] for row in counts}
    people = User.objects.filter(pk__in=held).order_by("first_name", "last_name", "username")
    return [Holder(user, held[user.pk]) for user in people]


def _give(claim: Claim, assignee: User | None, *, by: User | None) -> None:
    """Change the locked claim's assignee, with the history and the notification."""
    claim.assignee = assignee
    # When the present assignee was given it; nobody holds it since no time.
    claim.assigned_at = timezone.now() if assignee is not None else None
    claim._history_user = by  # the history row names who did it, request or not
    claim.save(update_fields=["assignee", "assigned_at"])
    if assignee is not None:
        notifications.claim_assigned(claim=claim, assignee=assignee, by=by)


@transaction.atomic
def assign(
    *,
    claim: Claim,
    assignee: User | None,
    by: User | None,
    expected: int | Literal["anyone"] | None = ANYONE,
) -> bool:
    """Give the claim to `assignee`, or to nobody; True when anything changed.

    `expected` is the assignee's id as the editor saw it (None: nobody): if
    someone else changed it since, nothing is changed and AssignmentChanged
    says who holds it now. Asking for what is already so (a double click, two
    editors agreeing) changes nothing and tells nobody.
    """
    current = (
        Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=claim.pk)
    )
    wanted = assignee.pk if assignee is not None else None
    if current.assignee_id == wanted:
        return False
    if assignee is not None and not may_be_assigned(assignee):
        raise AssignmentRefused(refusal(assignee))
    if expected != ANYONE and current.assignee_id != expected:
        raise AssignmentChanged(current)
    _give(current, assignee, by=by)
    return True


@dataclass
class BulkResult:
    assigned: list[Claim] = field(default_factory=list)  # changed now
    already: int = 0  # held by that person already
    changed_meanwhile: list[Claim] = field(default_factory=list)  # left as they are
    missing: int = 0  # deleted since the page was shown


@transaction.atomic
def assign_many(
    *,
    picks: Sequence[tuple[int, int | Literal["anyone"] | None]],
    assignee: User | None,
    by: User | None,
) -> BulkResult:
    """Give several claims to one person (or to nobody) at once.

    Each pick is (claim id, the assignee id the editor saw, or ANYONE); a claim
    whose assignee changed since is left alone and reported, like a single one.
    """
    if assignee is not None and not may_be_assigned(assignee):
        raise AssignmentRefused(refusal(assignee))
    seen = dict(picks)
    claims = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("assignee")
        .filter(pk__in=list(seen))
        .order_by("pk")  # locked in one order, so that two bulk changes take turns
    )
    result = BulkResult()
    wanted = assignee.pk if assignee is not None else None
    found = 0
    for claim in claims:
        found += 1
        expected = seen[claim.pk]
        if claim.assignee_id == wanted:
            result.already += 1
        elif expected != ANYONE and claim.assignee_id != expected:
            result.changed_meanwhile.append(claim)
        else:
            _give(claim, assignee, by=by)
            result.assigned.append(claim)
    result.missing = len(seen) - found
    return result
