"""Notes on a claim, as threads: write, reply, edit, delete, mention.

A note answers the claim or replies to one such note; replies go one level
deep, so a reply to a reply joins its thread under the first note. Editors
edit and delete their own notes, curators anyone's. An edit keeps the earlier
text in the note's history; a deletion keeps the note's place in its thread
(shown as "deleted by …") and its text in the history only.

"@username" names a colleague, who must be able to read the claim; they are
told, and so is the author of the note a reply answers. Whoever writes a note
follows the claim. Every function is one transaction: the note, its mentions,
its notifications and the follow are stored together or not at all.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from claims import notifications, services
from claims.domain.mentions import mentioned_usernames
from claims.models import Claim, Note, NotificationKind

MAX_MENTIONS = 20
# Two identical notes from one person within this time are one double click.
DOUBLE_SUBMIT = dt.timedelta(seconds=10)


class NoteRefused(Exception):
    """A note that cannot be saved as asked; the message says why, to an editor."""

    status = 422


class NotAllowed(NoteRefused):
    """Someone else's note, for someone who may not change it."""

    status = 403


class ChangedMeanwhile(NoteRefused):
    """The note was edited or deleted since the editor opened it."""

    status = 409

    def __init__(self, message: str, current: Note):
        super().__init__(message)
        self.current = current


def may_edit(user: User, note: Note) -> bool:
    """Whether the user may edit the note: their own, or anyone's for a curator."""
    if not user.is_active or note.deleted_at is not None:
        return False
    if user.has_perm("claims.moderate_note"):
        return True
    return note.author_id == user.pk and user.has_perm("claims.change_note")


def may_delete(user: User, note: Note) -> bool:
    """Whether the user may delete the note: their own, or anyone's for a curator."""
    if not user.is_active or note.deleted_at is not None:
        return False
    if user.has_perm("claims.moderate_note"):
        return True
    return note.author_id == user.pk and user.has_perm("claims.delete_note")


def can_read_claims(user: User) -> bool:
    return user.is_active and user.has_perm("claims.view_claim")


def mentioned_users(body: str) -> list[User]:
    """The colleagues the text mentions, each once, in the order written.

    Raises NoteRefused naming every "@name" that is nobody's, or someone's
    who cannot read claims (an inactive account, or one without access).
    """
    names = mentioned_usernames(body)
    if not names:
        return []
    if len(names) > MAX_MENTIONS:
        raise NoteRefused(f"Not saved: a note may mention at most {MAX_MENTIONS} people.")
    found = {user.username: user for user in User.objects.filter(username__in=names)}
    for name in names:
        if name not in found:
            # "@Vera" for vera: a name typed in another case, if it is nobody else's.
            matches = list(User.objects.filter(username__iexact=name)[:2])
            if len(matches) == 1:
                found[name] = matches[0]
    unknown = [name for name in names if name not in found]
    unable = [name for name in names if name in found and not can_read_claims(found[name])]
    problems = []
    if unknown:
        problems.append(f"nobody here is called {_listed(unknown)}")
    if unable:
        problems.append(f"{_listed(unable)} cannot read this claim, so cannot be mentioned")
    if problems:
        raise NoteRefused("Not saved: " + "; ".join(problems) + ".")
    return list({found[name].pk: found[name] for name in names}.values())


def _listed(names: list[str]) -> str:
    tagged = [f"@{name}" for name in names]
    return tagged[0] if len(tagged) == 1 else ", ".join(tagged[:-1]) + " and " + tagged[-1]


def _clean(body: str) -> str:
    body = body.strip()
    if not body:
        raise NoteRefused("Write something first.")
    return body


def _name(user: User | None) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.username


def _title(claim: Claim) -> str:
    text = " ".join((claim.statement or claim.quote or "a claim").split())
    return text if len(text) <= 60 else text[:59] + "…"


def _tell_mentioned(note: Note, users: list[User], *, by: User) -> None:
    notifications.notify(
        recipients=users,
        actor=by,
        kind=NotificationKind.MENTIONED,
        message=f"{_name(by)} mentioned you on “{_title(note.claim)}”",
        claim=note.claim,
        note=note,
    )


@transaction.atomic
def add_note(*, claim: Claim, author: User, body: str, parent: Note | None = None) -> Note:
    """Write a note on the claim, or a reply to `parent` (a note on the same claim).

    A reply to a reply joins the thread of the first note; a reply to a deleted
    note is refused. The same note sent twice within moments (a double click)
    is stored once: the second call returns the first note.
    """
    body = _clean(body)
    # Under the claim's lock, a double click's second request finds the first's note.
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    answered = top = None
    if parent is not None:
        answered = Note.objects.select_related("author", "parent__author").get(pk=parent.pk)
        if answered.claim_id != claim.pk:
            raise NoteRefused("That note is on another claim.")
        if answered.deleted_at is not None:
            raise NoteRefused("That note was deleted, so it can no longer be answered.")
        top = answered.parent or answered
    mentioned = mentioned_users(body)
    earlier = Note.objects.filter(
        claim=claim,
        parent=top,
        author=author,
        body=body,
        deleted_at__isnull=True,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT,
    ).first()
    if earlier is not None:
        return earlier
    note = Note(claim=claim, parent=top, author=author, body=body)
    note._history_user = author  # who wrote it, in the history, with or without a request
    note.save()
    note.mentioned.set(mentioned)
    services.touch(claim)
    notifications.follow(user=author, claim=claim)
    _tell_mentioned(note, mentioned, by=author)
    if answered is not None:
        # Whose note was answered, and who began the thread, unless told already.
        told = {user.pk for user in mentioned}
        recipients = [
            earlier_note.author
            for earlier_note in (answered, top)
            if earlier_note.deleted_at is None
            and earlier_note.author is not None
            and earlier_note.author.pk not in told
        ]
        notifications.notify(
            recipients=recipients,
            actor=author,
            kind=NotificationKind.REPLIED,
            message=f"{_name(author)} replied to your note on “{_title(claim)}”",
            claim=claim,
            note=note,
        )
    return note


def _locked(note: Note) -> Note:
    return (
        Note.objects.select_for_update(of=("self",))
        .select_related("claim", "author", "deleted_by")
        .get(pk=note.pk)
    )


@transaction.atomic
def edit_note(*, note: Note, by: User, body: str, seen: dt.datetime | None = None) -> Note:
    """Change the note's text; the earlier text stays in its history.

    `seen` is the note's `updated_at` as the editor's form showed it: if the
    note changed since, the edit is refused (ChangedMeanwhile) rather than
    overwrite what someone else wrote. Only colleagues newly mentioned are told.
    """
    current = _locked(note)
    if current.deleted_at is not None:
        raise ChangedMeanwhile(
            f"Not saved: {_name(current.deleted_by)} deleted this note meanwhile.", current
        )
    if not may_edit(by, current):
        raise NotAllowed("You may edit only your own notes.")
    body = _clean(body)
    if seen is not None and current.updated_at != seen:
        raise ChangedMeanwhile(
            "Not saved: this note was changed by someone else since you opened it. "
            "Its text now is shown; yours is still in the box.",
            current,
        )
    if body == current.body:
        return current
    mentioned = mentioned_users(body)
    before = set(current.mentioned.values_list("pk", flat=True))
    current.body = body
    current.edited_at = timezone.now()
    current._history_user = by
    current.save(update_fields=["body", "edited_at"])
    current.mentioned.set(mentioned)
    services.touch(current.claim)
    _tell_mentioned(current, [user for user in mentioned if user.pk not in before], by=by)
    return current


@transaction.atomic
def delete_note(*, note: Note, by: User) -> Note:
    """Delete the note: its place in the thread stays, shown as deleted by `by`;
    its text is cleared and stays in the history only. Replies stay."""
    current = _locked(note)
    if current.deleted_at is not None:
        return current  # deleted already: a double click, or two people at once
    if not may_delete(by, current):
        raise NotAllowed("You may delete only your own notes.")
    current.body = ""
    current.deleted_at = timezone.now()
    current.deleted_by = by
    current._history_user = by
    current.save(update_fields=["body", "deleted_at", "deleted_by"])
    services.touch(current.claim)
    return current
