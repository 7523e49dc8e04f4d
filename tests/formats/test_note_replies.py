"""Threads in the W3C Web Annotation export: replies as replies, edits as
modified, deleted notes never out."""

from dataclasses import replace

import pytest
from django.urls import reverse

from claims import notes
from claims.factories import ClaimFactory, UserFactory
from claims.formats.annotations import AnnotatedNote, note_annotation, thread_annotations
from tests.formats.test_annotations import HOST, RATED, moment
from tests.formats.w3c import assertion_passes, validate_annotation

FIRST = AnnotatedNote(
    id=f"{HOST}/api/claims/12/annotation#note-1",
    body="Which agency gave the figure?",
    author_name="Eddie Editor",
    created=moment(15),
)
REPLY = AnnotatedNote(
    id=f"{HOST}/api/claims/12/annotation#note-2",
    body="The intelligence service, on Wednesday.",
    author_name="Cora Curator",
    created=moment(16),
    modified=moment(17),
    replies_to=FIRST.id,
)
THREAD = replace(RATED, notes=(FIRST, REPLY))


def test_a_reply_replies_to_the_note_it_answers_and_passes_every_must():
    annotation = note_annotation(REPLY, THREAD)
    assert annotation["motivation"] == "replying"
    assert annotation["target"] == FIRST.id
    assert annotation["modified"] == "2024-10-24T17:30:15Z"
    assert validate_annotation(annotation) == []
    assert assertion_passes(annotation, "3.3.5-annotationSingleMotivationImplemented.json")


def test_a_note_on_the_claim_comments_on_it_and_has_no_modified_until_edited():
    annotation = note_annotation(FIRST, THREAD)
    assert annotation["motivation"] == "commenting"
    assert annotation["target"] == THREAD.id
    assert "modified" not in annotation
    assert validate_annotation(annotation) == []


def test_a_thread_lists_the_claim_then_its_notes_in_order():
    items = thread_annotations(THREAD)
    assert [item["id"] for item in items] == [THREAD.id, FIRST.id, REPLY.id]
    for item in items:
        assert validate_annotation(item) == []


@pytest.mark.django_db
def test_the_api_carries_replies_as_replies_and_leaves_deleted_notes_out(editor_client, editor):
    curator = UserFactory(username="cora", role="Curators")
    claim = ClaimFactory(statement="Ten thousand troops.")
    first = notes.add_note(claim=claim, author=editor, body="Which agency?")
    reply = notes.add_note(claim=claim, author=curator, body="The NIS.", parent=first)
    notes.edit_note(note=reply, by=curator, body="The NIS, on Wednesday.")
    gone = notes.add_note(claim=claim, author=editor, body="A slip of the keyboard.")
    notes.delete_note(note=gone, by=editor)

    response = editor_client.get(reverse("api-article-annotations", args=[claim.article_id]))
    assert response.status_code == 200
    items = response.json()["first"]["items"]
    claim_item, first_item, reply_item = items
    assert first_item["motivation"] == "commenting" and first_item["target"] == claim_item["id"]
    assert "modified" not in first_item
    assert reply_item["motivation"] == "replying" and reply_item["target"] == first_item["id"]
    assert reply_item["body"]["value"] == "The NIS, on Wednesday."
    assert "modified" in reply_item
    assert "A slip of the keyboard." not in response.text
    assert response.json()["total"] == 3
    for item in items:
        assert validate_annotation({"@context": "http://www.w3.org/ns/anno.jsonld", **item}) == []
