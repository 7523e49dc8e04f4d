"""Showing a claim's notes: threads, mentions, and who may change which note."""

import re
from collections.abc import Iterable

from django import template
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import SafeString, mark_safe

from claims import notes
from claims.domain.mentions import find_mentions
from claims.forms import NOTE_MAX_LENGTH
from claims.models import Note

register = template.Library()

_SPACES = re.compile(r"(\s+)")


@register.simple_tag
def note_max_length() -> int:
    """The longest note the form takes, for the boxes' maxlength."""
    return NOTE_MAX_LENGTH


@register.filter
def threads(all_notes: Iterable[Note]) -> list[tuple[Note, list[Note]]]:
    """(first note, its replies) for each thread, from the claim's notes in order.

    Reads the notes as given (prefetched), so a thread costs no query.
    """
    replies: dict[int, list[Note]] = {}
    tops = []
    for note in all_notes:
        if note.parent_id is None:
            tops.append(note)
        else:
            replies.setdefault(note.parent_id, []).append(note)
    return [(top, replies.get(top.pk, [])) for top in tops]


@register.filter
def live_count(all_notes: Iterable[Note]) -> int:
    """How many of the notes are not deleted."""
    return sum(1 for note in all_notes if note.deleted_at is None)


@register.filter
def note_text(body: str) -> SafeString:
    """A note's plain text as HTML: escaped, links made clickable, and each
    @mention marked so it stands out. No markup of the note's ever gets through.
    """
    shown = []
    # Words one by one, as urlize reads them: a word that is a web address
    # holds no mention (claims.domain.mentions), so it is linked whole.
    for piece in _SPACES.split(body):
        mentions = find_mentions(piece) if piece and not piece.isspace() else []
        if not mentions:
            shown.append(urlize(piece, nofollow=True, autoescape=True))
            continue
        at = 0
        for mention in mentions:
            shown.append(escape(piece[at : mention.start]))
            shown.append(
                format_html('<span class="mention">{}</span>', piece[mention.start : mention.end])
            )
            at = mention.end
        shown.append(escape(piece[at:]))
    return mark_safe("".join(shown))  # noqa: S308 - every piece is escaped above


@register.filter
def editable_by(note: Note, user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and notes.may_edit(user, note)


@register.filter
def deletable_by(note: Note, user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and notes.may_delete(user, note)
