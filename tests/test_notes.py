"""A claim's notes as threads: replies, edits, deletions, mentions and who hears
of them, through the services and through the pages, for every role."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from claims import models, notes, roles
from claims.factories import ClaimFactory, NoteFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LONG_STATEMENT = (
    "North Korea has sent ten thousand soldiers to the Kursk region of Russia this autumn."
)


@pytest.fixture
def claim():
    return ClaimFactory(statement=LONG_STATEMENT)


@pytest.fixture
def vera(db):
    """A viewer: reads claims, so may be mentioned."""
    return UserFactory(username="vera", first_name="Vera", last_name="Lind", role=roles.VIEWERS)


@pytest.fixture
def olga(db):
    """A colleague whose account was closed."""
    return UserFactory(username="olga", role=roles.EDITORS, is_active=False)


@pytest.fixture
def stranger(db):
    """An account with no role: cannot read claims."""
    return UserFactory(username="stranger")


def told(user, kind=None) -> list[str]:
    found = models.Notification.objects.filter(recipient=user)
    if kind:
        found = found.filter(kind=kind)
    return list(found.order_by("id").values_list("message", flat=True))


def thread_of(response) -> str:
    """The notes section of a page or a part, as text."""
    match = re.search(r'<section id="claim-notes".*?</section>', response.text, re.S)
    assert match, "no notes section"
    return match.group()


# The services ---------------------------------------------------------------------------


def test_a_note_is_stored_and_its_author_follows_the_claim(claim, editor):
    before = models.Claim.objects.get(pk=claim.pk).updated_at
    note = notes.add_note(claim=claim, author=editor, body="  Asked the ministry.  ")
    assert (note.body, note.author, note.parent) == ("Asked the ministry.", editor, None)
    assert models.Follow.objects.filter(user=editor, claim=claim).count() == 1
    assert models.Claim.objects.get(pk=claim.pk).updated_at > before
    assert note.history.get().history_user == editor


def test_a_reply_to_a_reply_joins_the_first_notes_thread(claim, editor, curator):
    first = notes.add_note(claim=claim, author=editor, body="Who said 10,000?")
    reply = notes.add_note(claim=claim, author=curator, body="The spy agency.", parent=first)
    again = notes.add_note(claim=claim, author=editor, body="Which one?", parent=reply)
    assert reply.parent == first and again.parent == first


def test_a_reply_to_a_deleted_note_is_refused(claim, editor, curator):
    first = notes.add_note(claim=claim, author=editor, body="Wrong figure.")
    notes.delete_note(note=first, by=editor)
    with pytest.raises(notes.NoteRefused, match="deleted"):
        notes.add_note(claim=claim, author=curator, body="Why?", parent=first)
    assert models.Note.objects.count() == 1


def test_a_reply_must_be_on_the_same_claim(claim, editor):
    elsewhere = NoteFactory(author=editor)
    with pytest.raises(notes.NoteRefused, match="another claim"):
        notes.add_note(claim=claim, author=editor, body="Hm.", parent=elsewhere)
    assert not claim.notes.exists()


def test_a_mention_is_stored_and_told_with_the_claims_statement(claim, editor, vera):
    note = notes.add_note(claim=claim, author=editor, body="@vera can you check this?")
    assert list(note.mentioned.all()) == [vera]
    (message,) = told(vera, models.NotificationKind.MENTIONED)
    assert message == (
        "eddie.editor mentioned you on “North Korea has sent ten thousand soldiers to the Kursk "
        "reg…”"
    )
    assert models.Notification.objects.get(recipient=vera).note == note


def test_nobody_is_told_of_their_own_mention_or_reply(claim, editor):
    first = notes.add_note(claim=claim, author=editor, body="Note to self, @eddie.editor.")
    notes.add_note(claim=claim, author=editor, body="And a reply.", parent=first)
    assert list(first.mentioned.all()) == [editor]
    assert not models.Notification.objects.exists()


@pytest.mark.parametrize(
    "body, named",
    [
        ("Ask @nobody about it.", ["@nobody"]),
        ("Ask @olga.", ["@olga"]),
        ("Ask @stranger, and @nobody.", ["@nobody", "@stranger"]),
    ],
)
def test_a_refused_mention_names_them_and_changes_nothing(
    claim, editor, vera, olga, stranger, body, named
):
    with pytest.raises(notes.NoteRefused) as refused:
        notes.add_note(claim=claim, author=editor, body=body)
    for name in named:
        assert name in str(refused.value)
    assert not models.Note.objects.exists()
    assert not models.Notification.objects.exists()
    assert not models.Follow.objects.exists()


def test_a_name_in_another_case_finds_the_colleague(claim, editor, vera):
    note = notes.add_note(claim=claim, author=editor, body="@Vera, see this.")
    assert list(note.mentioned.all()) == [vera]


def test_the_author_of_the_note_answered_is_told_unless_mentioned_in_the_reply(
    claim, editor, curator, vera
):
    first = notes.add_note(claim=claim, author=curator, body="Figure from the NIS.")
    notes.add_note(claim=claim, author=editor, body="Confirmed.", parent=first)
    assert told(curator) == [
        "eddie.editor replied to your note on “North Korea has sent ten thousand soldiers to "
        "the Kursk reg…”"
    ]
    notes.add_note(claim=claim, author=editor, body="@cora.curator and again.", parent=first)
    kinds = list(
        models.Notification.objects.filter(recipient=curator)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [models.NotificationKind.REPLIED, models.NotificationKind.MENTIONED]
    assert not told(editor) and not told(vera)


def test_replying_to_a_reply_tells_its_author_and_the_threads(claim, editor, curator, vera):
    first = notes.add_note(claim=claim, author=curator, body="Figure from the NIS.")
    answer = UserFactory(username="ana", role=roles.EDITORS)
    reply = notes.add_note(claim=claim, author=answer, body="Seen it.", parent=first)
    notes.add_note(claim=claim, author=editor, body="Where?", parent=reply)
    assert len(told(answer, models.NotificationKind.REPLIED)) == 1
    assert len(told(curator, models.NotificationKind.REPLIED)) == 2  # ana's, then eddie's


def test_the_same_note_sent_twice_at_once_is_stored_once(claim, editor):
    first = notes.add_note(claim=claim, author=editor, body="Asked the ministry.")
    second = notes.add_note(claim=claim, author=editor, body="Asked the ministry.")
    assert first == second and claim.notes.count() == 1
    # A moment later the same words are a new note.
    models.Note.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - notes.DOUBLE_SUBMIT - dt.timedelta(seconds=1)
    )
    notes.add_note(claim=claim, author=editor, body="Asked the ministry.")
    assert claim.notes.count() == 2


def test_an_edit_keeps_the_earlier_text_in_the_history(claim, editor):
    note = notes.add_note(claim=claim, author=editor, body="Ten thousand.")
    edited = notes.edit_note(note=note, by=editor, body="Twelve thousand.")
    assert edited.body == "Twelve thousand." and edited.edited_at is not None
    texts = list(note.history.order_by("history_date").values_list("body", "history_user"))
    assert texts == [("Ten thousand.", editor.pk), ("Twelve thousand.", editor.pk)]


def test_an_edit_tells_only_the_newly_mentioned(claim, editor, curator, vera):
    note = notes.add_note(claim=claim, author=editor, body="@vera look.")
    notes.edit_note(note=note, by=editor, body="@vera look, and @cora.curator too.")
    assert len(told(vera)) == 1
    assert len(told(curator, models.NotificationKind.MENTIONED)) == 1
    assert set(note.mentioned.all()) == {vera, curator}
    notes.edit_note(note=note, by=editor, body="@cora.curator only.")
    assert list(note.mentioned.all()) == [curator]
    assert len(told(curator)) == 1


def test_an_edit_with_a_refused_mention_changes_nothing(claim, editor, vera):
    note = notes.add_note(claim=claim, author=editor, body="@vera look.")
    with pytest.raises(notes.NoteRefused, match="@nobody"):
        notes.edit_note(note=note, by=editor, body="@nobody look.")
    note.refresh_from_db()
    assert note.body == "@vera look." and note.edited_at is None
    assert list(note.mentioned.all()) == [vera]


def test_editors_change_only_their_own_notes_and_curators_anyones(claim, editor, curator):
    colleague = UserFactory(username="colleague", role=roles.EDITORS)
    note = notes.add_note(claim=claim, author=colleague, body="Mine.")
    with pytest.raises(notes.NotAllowed):
        notes.edit_note(note=note, by=editor, body="Not yours.")
    with pytest.raises(notes.NotAllowed):
        notes.delete_note(note=note, by=editor)
    notes.edit_note(note=note, by=curator, body="Tidied by a curator.")
    notes.delete_note(note=note, by=curator)
    note.refresh_from_db()
    assert note.deleted_by == curator


def test_a_viewer_who_wrote_a_note_once_may_not_change_it(claim, editor):
    note = notes.add_note(claim=claim, author=editor, body="Mine.")
    editor.groups.set([Group.objects.get(name=roles.VIEWERS)])
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached per object
    with pytest.raises(notes.NotAllowed):
        notes.edit_note(note=note, by=editor, body="Still mine?")


def test_an_edit_of_a_note_changed_meanwhile_is_refused(claim, editor, curator):
    note = notes.add_note(claim=claim, author=editor, body="Ten thousand.")
    seen = note.updated_at
    notes.edit_note(note=note, by=curator, body="Ten thousand, says the NIS.", seen=seen)
    with pytest.raises(notes.ChangedMeanwhile) as refused:
        notes.edit_note(note=note, by=editor, body="Twelve thousand.", seen=seen)
    assert refused.value.current.body == "Ten thousand, says the NIS."
    note.refresh_from_db()
    assert note.body == "Ten thousand, says the NIS."


def test_a_deleted_note_keeps_its_place_and_its_text_only_in_the_history(claim, editor, curator):
    note = notes.add_note(claim=claim, author=editor, body="Wrong claim, sorry.")
    reply = notes.add_note(claim=claim, author=curator, body="No problem.", parent=note)
    notes.delete_note(note=note, by=editor)
    notes.delete_note(note=note, by=editor)  # a double click
    note.refresh_from_db()
    assert (note.body, note.deleted_by) == ("", editor)
    assert note.deleted_at is not None
    assert models.Note.objects.get(pk=reply.pk).parent == note
    assert "Wrong claim, sorry." in note.history.values_list("body", flat=True)
    assert note.history.latest("history_date").history_user == editor


def test_a_deleted_note_cannot_be_edited(claim, editor):
    note = notes.add_note(claim=claim, author=editor, body="Gone soon.")
    notes.delete_note(note=note, by=editor)
    with pytest.raises(notes.ChangedMeanwhile, match="deleted"):
        notes.edit_note(note=note, by=editor, body="Back?")


def test_only_curators_moderate_notes(viewer, editor, curator):
    assert curator.has_perm("claims.moderate_note")
    assert not editor.has_perm("claims.moderate_note")
    assert not viewer.has_perm("claims.moderate_note")


# The pages ----------------------------------------------------------------------------


def test_a_thread_shows_replies_under_their_note_with_who_and_when(
    claim, editor, curator, editor_client
):
    first = notes.add_note(claim=claim, author=curator, body="Figure from the NIS.")
    notes.add_note(claim=claim, author=editor, body="Confirmed by @cora.curator.", parent=first)
    notes.add_note(claim=claim, author=editor, body="Another thought.")
    section = thread_of(editor_client.get(claim.get_absolute_url()))
    threads = section.split('<li class="note-thread">')[1:]
    assert len(threads) == 2
    assert "Figure from the NIS." in threads[0] and 'class="replies"' in threads[0]
    assert "Confirmed by" in threads[0]
    assert 'class="replies"' not in threads[1]
    assert '<span class="mention">@cora.curator</span>' in section
    assert '<span class="count">3</span>' in section


def test_a_note_is_added_through_the_page(claim, editor_client, vera):
    url = reverse("add_note", args=[claim.pk])
    response = editor_client.post(url, {"body": "Checked with @vera."}, **HTMX)
    assert response.status_code == 200
    assert '<span class="mention">@vera</span>' in thread_of(response)
    assert response.headers["HX-Trigger"] == '{"announce": {"message": "Note added."}}'
    plain = editor_client.post(url, {"body": "A second note, without a script."})
    note = models.Note.objects.get(body="A second note, without a script.")
    assert plain.status_code == 302
    assert plain["Location"] == f"{claim.get_absolute_url()}#note-{note.uid}"


def test_hostile_text_stays_text_and_only_web_links_are_links(claim, editor_client):
    body = (
        '<script>alert("x")</script> <a href="javascript:alert(1)">x</a> javascript:alert(2) '
        '@<img src=x onerror=alert(3)> see https://example.org/a?b=1&c=<d> "@vera"'
    )
    UserFactory(username="vera", role=roles.VIEWERS)
    response = editor_client.post(reverse("add_note", args=[claim.pk]), {"body": body}, **HTMX)
    section = thread_of(response)
    assert response.status_code == 200
    assert "<script>" not in section and "&lt;script&gt;" in section
    assert "<img" not in section and "&lt;img src=x onerror=alert(3)&gt;" in section
    assert 'href="javascript:' not in section
    assert '<a href="https://example.org/a?b=1&amp;c=" rel="nofollow">' in section
    assert '&quot;<span class="mention">@vera</span>&quot;' in section


def test_a_refused_mention_keeps_the_text_and_names_them(claim, editor_client, olga):
    response = editor_client.post(
        reverse("add_note", args=[claim.pk]), {"body": "Ask @olga and @nobody."}, **HTMX
    )
    assert response.status_code == 422
    section = thread_of(response)
    assert "nobody here is called @nobody" in section
    assert "@olga cannot read this claim" in section
    assert "Ask @olga and @nobody.</textarea>" in section
    assert not models.Note.objects.exists()
    assert not models.Notification.objects.exists()


def test_a_reply_through_the_page_opens_under_its_note(claim, curator, editor_client):
    first = notes.add_note(claim=claim, author=curator, body="Figure from the NIS.")
    url = reverse("reply_note", args=[first.pk])
    response = editor_client.post(url, {"body": "Confirmed."}, **HTMX)
    assert response.status_code == 200
    assert re.search(r'<ol class="replies".*Confirmed\.', thread_of(response), re.S)
    assert told(curator, models.NotificationKind.REPLIED)
    plain = editor_client.post(url, {"body": "Confirmed twice."})
    reply = models.Note.objects.get(body="Confirmed twice.")
    assert plain["Location"].endswith(f"#note-{reply.uid}")


def test_a_reply_sent_twice_is_stored_once(claim, curator, editor_client):
    first = notes.add_note(claim=claim, author=curator, body="Figure from the NIS.")
    url = reverse("reply_note", args=[first.pk])
    answers = [editor_client.post(url, {"body": "Confirmed."}, **HTMX) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert list(first.replies.values_list("body", flat=True)) == ["Confirmed."]
    assert len(told(curator)) == 1


def test_an_empty_or_refused_reply_is_shown_open_with_the_reason(claim, editor, editor_client):
    first = notes.add_note(claim=claim, author=editor, body="Figure from the NIS.")
    url = reverse("reply_note", args=[first.pk])
    empty = editor_client.post(url, {"body": "  "}, **HTMX)
    assert empty.status_code == 422 and "Write something first." in empty.text
    assert re.search(r'<details class="note-action" open>\s*<summary>Reply', empty.text)
    page = editor_client.post(url, {"body": "Ask @nobody."})
    assert page.status_code == 422 and "nobody here is called @nobody" in page.text
    assert "<html" in page.text  # a whole page for a request without htmx
    notes.delete_note(note=first, by=editor)
    gone = editor_client.post(url, {"body": "Too late."}, **HTMX)
    assert gone.status_code == 422
    assert "That note was deleted, so it can no longer be answered." in gone.text


def test_an_edit_through_the_page_shows_edited_with_the_time(claim, editor, editor_client):
    note = notes.add_note(claim=claim, author=editor, body="Ten thousand.")
    response = editor_client.post(
        reverse("edit_note", args=[note.pk]),
        {"body": "Twelve thousand.", "seen": note.updated_at.isoformat()},
        **HTMX,
    )
    assert response.status_code == 200
    section = thread_of(response)
    note.refresh_from_db()
    assert '<p class="note-body">Twelve thousand.</p>' in section
    assert re.search(r'title="Edited \d+ \w+ \d{4}, \d\d:\d\d">edited', section)
    assert note.history.filter(body="Ten thousand.").exists()


def test_an_edit_after_someone_elses_is_refused_and_both_texts_shown(
    claim, editor, curator, editor_client
):
    note = notes.add_note(claim=claim, author=editor, body="Ten thousand.")
    shown = note.updated_at.isoformat()
    notes.edit_note(note=note, by=curator, body="Ten thousand, says the NIS.")
    response = editor_client.post(
        reverse("edit_note", args=[note.pk]), {"body": "Twelve thousand.", "seen": shown}, **HTMX
    )
    assert response.status_code == 409
    section = thread_of(response)
    assert "changed by someone else since you opened it" in section
    assert '<p class="note-body">Ten thousand, says the NIS.</p>' in section
    assert "Twelve thousand.</textarea>" in section
    note.refresh_from_db()
    assert note.body == "Ten thousand, says the NIS."


def test_someone_elses_note_is_refused_with_a_clear_403(claim, curator, editor_client):
    note = notes.add_note(claim=claim, author=curator, body="Curated.")
    for name, data in (("edit_note", {"body": "Mine now."}), ("delete_note", {})):
        url = reverse(name, args=[note.pk])
        short = editor_client.post(url, data, **HTMX)
        assert short.status_code == 403 and short["Content-Type"].startswith("text/plain")
        assert "only your own notes" in short.text
        page = editor_client.post(url, data)
        assert page.status_code == 403 and "only your own notes" in page.text
    note.refresh_from_db()
    assert note.body == "Curated." and note.deleted_at is None


def test_edit_and_delete_are_offered_to_who_may(claim, editor, curator, editor_client):
    mine = notes.add_note(claim=claim, author=editor, body="Mine.")
    theirs = notes.add_note(claim=claim, author=curator, body="Theirs.")
    section = thread_of(editor_client.get(claim.get_absolute_url()))
    assert reverse("edit_note", args=[mine.pk]) in section
    assert reverse("delete_note", args=[mine.pk]) in section
    assert reverse("edit_note", args=[theirs.pk]) not in section
    assert reverse("delete_note", args=[theirs.pk]) not in section
    assert reverse("reply_note", args=[theirs.pk]) in section


def test_viewers_see_the_thread_without_any_form(claim, editor, viewer_client):
    notes.add_note(claim=claim, author=editor, body="Asked the ministry.")
    section = thread_of(viewer_client.get(claim.get_absolute_url()))
    assert "Asked the ministry." in section
    assert "<form" not in section and "<textarea" not in section


def test_a_deleted_note_shows_who_deleted_it_and_not_its_text(
    claim, editor, curator, curator_client
):
    note = notes.add_note(claim=claim, author=editor, body="Wrong claim, sorry.")
    notes.add_note(claim=claim, author=editor, body="A reply stays.", parent=note)
    response = curator_client.post(reverse("delete_note", args=[note.pk]), {}, **HTMX)
    assert response.status_code == 200
    section = thread_of(response)
    assert "Deleted by cora.curator" in section
    assert "Wrong claim, sorry." not in section
    assert "A reply stays." in section
    assert '<span class="count">1</span>' in section
    history = curator_client.get(reverse("claim_history", args=[claim.pk]))
    assert "Wrong claim, sorry." in history.text


def test_a_double_delete_is_not_an_error(claim, editor, editor_client):
    note = notes.add_note(claim=claim, author=editor, body="Twice.")
    url = reverse("delete_note", args=[note.pk])
    assert [editor_client.post(url, {}, **HTMX).status_code for _ in range(2)] == [200, 200]


# Whom "@" offers -------------------------------------------------------------------------


def test_the_type_ahead_offers_active_editors_and_curators_by_name(
    editor_client, editor, curator, vera, olga
):
    UserFactory(username="edna", first_name="Edna", role=roles.EDITORS)
    UserFactory(username="zed", first_name="Eddy", role=roles.CURATORS)
    url = reverse("mention_people")
    part = editor_client.get(url, {"q": "ed"}, **HTMX)
    offered = re.findall(r'data-username="([^"]+)"', part.text)
    assert offered == ["eddie.editor", "edna", "zed"]  # zed by his first name
    assert "<html" not in part.text
    everyone = re.findall(r'data-username="([^"]+)"', editor_client.get(url, **HTMX).text)
    assert "cora.curator" in everyone and "vera" not in everyone and "olga" not in everyone
    page = editor_client.get(url, {"q": "@co"})
    assert page.status_code == 200 and "<html" in page.text and "@cora.curator" in page.text
    nobody = editor_client.get(url, {"q": "zz<b>"}, **HTMX)
    assert "No editor’s username or name starts with “zz&lt;b&gt;”." in nobody.text


def test_the_type_ahead_is_for_those_who_write_notes(client, viewer_client):
    url = reverse("mention_people")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert viewer_client.get(url, **HTMX).status_code == 403


def test_note_boxes_ask_for_the_type_ahead(claim, editor, editor_client):
    notes.add_note(claim=claim, author=editor, body="Mine.")
    section = thread_of(editor_client.get(claim.get_absolute_url()))
    boxes = re.findall(r"<textarea[^>]*>", section)
    assert len(boxes) == 3  # a new note, a reply, an edit
    for box in boxes:
        assert f'data-mention-url="{reverse("mention_people")}"' in box
        (controls,) = re.findall(r'aria-controls="([^"]+)"', box)
        assert f'id="{controls}"' in section
