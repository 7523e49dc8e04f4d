"""A claim's notes as threads: write, reply, edit, delete, and whom "@" offers.

Each action answers htmx with the claim's notes section (and what else the
panel shows of the change, see claim_panel._section); a normal form post is
sent back to the claim page at the note, or shown the page with the message
in the form the editor used.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import Permission, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_safe
from django_htmx.http import trigger_client_event

from claims import models, notes
from claims.forms import NoteForm
from claims.views.base import action, page_or_part, search_text, wants_part
from claims.views.claim_panel import _section

MENTION_OPTIONS = 8


@dataclass(frozen=True)
class OpenNoteForm:
    """A reply or edit form to show open again, with what was typed and why it was refused."""

    note_pk: int
    action: str  # "reply" or "edit"
    body: str
    error: str
    current: models.Note | None = None  # the note as someone else left it (edit conflicts)


def _saved(request: HttpRequest, note: models.Note, *, said: str) -> HttpResponse:
    if not wants_part(request):
        return redirect(f"{note.claim.get_absolute_url()}#note-{note.uid}")
    return _section(request, note.claim_id, "notes", said=said)


def _refused(
    request: HttpRequest, claim_pk: int, refused: notes.NoteRefused, **forms
) -> HttpResponse:
    if refused.status == 403 and wants_part(request):
        # htmx swaps no 403: the page's problem box shows this sentence instead.
        response = HttpResponse(
            f"{refused} Nothing was changed.", status=403, content_type="text/plain; charset=utf-8"
        )
        trigger_client_event(response, "announce", {"message": str(refused)})
        return response
    return _section(request, claim_pk, "notes", status=refused.status, said=str(refused), **forms)


def _typed(request: HttpRequest) -> str:
    return request.POST.get("body", "").replace("\x00", "")


def _form_error(form: NoteForm) -> str:
    return " ".join(form.errors.get("body", [])) or "Write something first."


@action("claims.add_note")
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(models.Claim, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _section(request, pk, "notes", status=422, note_form=form)
    try:
        note = notes.add_note(claim=claim, author=request.user, body=form.cleaned_data["body"])
    except notes.NoteRefused as refused:
        form.add_error("body", str(refused))
        return _refused(request, pk, refused, note_form=form)
    return _saved(request, note, said="Note added.")


@action("claims.add_note")
def reply_note(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(models.Note.objects.select_related("claim"), pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note = notes.add_note(
                claim=parent.claim,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
            )
        except notes.NoteRefused as refused:
            shown = OpenNoteForm(parent.pk, "reply", _typed(request), str(refused))
            return _refused(request, parent.claim_id, refused, open_note_form=shown)
        return _saved(request, note, said="Reply added.")
    shown = OpenNoteForm(parent.pk, "reply", _typed(request), _form_error(form))
    return _section(request, parent.claim_id, "notes", status=422, open_note_form=shown)


def _seen(request: HttpRequest) -> dt.datetime | None:
    """When the note was last changed, as the editor's form showed it."""
    try:
        seen = dt.datetime.fromisoformat(request.POST.get("seen", ""))
    except ValueError:
        return None
    return seen if seen.utcoffset() is not None else None


@action("claims.change_note")
def edit_note(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(models.Note, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        shown = OpenNoteForm(note.pk, "edit", _typed(request), _form_error(form))
        return _section(request, note.claim_id, "notes", status=422, open_note_form=shown)
    try:
        note = notes.edit_note(
            note=note, by=request.user, body=form.cleaned_data["body"], seen=_seen(request)
        )
    except notes.NoteRefused as refused:
        current = getattr(refused, "current", None)
        shown = OpenNoteForm(note.pk, "edit", _typed(request), str(refused), current)
        return _refused(request, note.claim_id, refused, open_note_form=shown)
    return _saved(request, note, said="Note saved.")


@action("claims.delete_note")
def delete_note(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(models.Note, pk=pk)
    try:
        note = notes.delete_note(note=note, by=request.user)
    except notes.NoteRefused as refused:
        shown = OpenNoteForm(note.pk, "delete", "", str(refused))
        return _refused(request, note.claim_id, refused, open_note_form=shown)
    return _saved(request, note, said="Note deleted.")


def mentionable(query: str) -> QuerySet[User]:
    """Colleagues who work on claims (editors and curators), whose username or
    name starts with `query`."""
    may_change = Permission.objects.filter(
        content_type__app_label="claims", codename="change_claim"
    )
    people = User.objects.filter(is_active=True).filter(
        Q(groups__permissions__in=may_change)
        | Q(user_permissions__in=may_change)
        | Q(is_superuser=True)
    )
    if query:
        people = people.filter(
            Q(username__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
    # distinct() on the primary keys only: a user in two groups counts once.
    return User.objects.filter(pk__in=people.values("pk")).order_by("username")


@login_required
@permission_required("claims.add_note", raise_exception=True)
@require_safe
def mention_people(request: HttpRequest) -> HttpResponse:
    """Whom "@" in a note offers: the type-ahead's options, or a page of names."""
    query = search_text(request).lstrip("@")[:150]
    people = list(mentionable(query)[:MENTION_OPTIONS])
    return page_or_part(
        request,
        "claims/people.html",
        "people",
        {"title": "Colleagues to mention", "query": query, "people": people},
    )
