"""Notifications: made by the service that makes the change, in its
transaction, for the people who follow what changed, never for the person who
made it; read from a header badge that costs one query, and a page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import assignments, models, notifications, services
from claims.factories import (
    AttributionFactory,
    ClaimFactory,
    NoteFactory,
    QuantityFactory,
    QuestionFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)
from claims.pagination import PAGE_SIZE

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def inbox(user) -> list[tuple[str, str]]:
    return list(
        models.Notification.objects.filter(recipient=user)
        .order_by("created_at", "id")
        .values_list("kind", "message")
    )


def notify(user, claim, message: str = "Something happened.", **fields) -> models.Notification:
    return models.Notification.objects.create(
        recipient=user, kind=models.NotificationKind.STATUS, claim=claim, message=message, **fields
    )


# Made by the services ----------------------------------------------------------------


def test_followers_hear_of_a_status_change_but_not_who_made_it(editor, curator, viewer):
    claim = ClaimFactory(statement="Fuel prices fell by a third in March.")
    for user in (editor, curator):
        notifications.follow(user=user, claim=claim)
    services.change_status(claim, models.ClaimStatus.IN_REVIEW, by=editor)
    assert inbox(curator) == [
        ("status", "eddie.editor moved “Fuel prices fell by a third in March.” to in review")
    ]
    assert inbox(editor) == [] and inbox(viewer) == []
    # The same status again is no change: nobody hears of it.
    services.change_status(claim, models.ClaimStatus.IN_REVIEW, by=editor)
    assert len(inbox(curator)) == 1


def test_rating_a_claim_moves_it_to_rated_and_followers_hear_of_it(editor, curator):
    claim = ClaimFactory()
    notifications.follow(user=curator, claim=claim)
    services.save_verdict(
        claim,
        rating=models.Rating.objects.get(slug="false"),
        reasoning="No.",
        evidence=[],
        by=editor,
    )
    assert [kind for kind, _ in inbox(curator)] == ["status"]
    assert inbox(curator)[0][1].endswith("to rated")


def test_publishing_updating_and_taking_down_are_told_to_followers(editor, curator):
    claim = VerdictFactory().claim
    AttributionFactory(claim=claim)
    notifications.follow(user=curator, claim=claim)
    notifications.follow(user=editor, claim=claim)
    services.publish(claim, by=editor)
    services.publish(claim, by=editor)  # published already: nothing new
    services.publish_update(claim, by=editor, correction_note="A date fixed.")
    services.unpublish(claim, by=editor, reason="Checked again.")
    kinds = [kind for kind, _ in inbox(curator)]
    assert kinds == ["published", "published", "status"]
    messages = [message for _, message in inbox(curator)]
    assert "published an update of" in messages[1] and "took down" in messages[2]
    assert inbox(editor) == []


def test_a_change_made_by_a_script_is_told_to_every_follower(editor):
    claim = VerdictFactory().claim
    notifications.follow(user=editor, claim=claim)
    services.publish(claim, by=None)
    assert inbox(editor) == [("published", f"Someone published “{claim.statement}”")]


def test_nobody_inactive_hears_anything(editor, curator):
    claim = ClaimFactory()
    notifications.follow(user=curator, claim=claim)
    curator.is_active = False
    curator.save()
    services.change_status(claim, models.ClaimStatus.IN_REVIEW, by=editor)
    assert models.Notification.objects.count() == 0


def _figure(question, value: str, day=dt.date(2024, 10, 23)) -> models.Claim:
    claim = ClaimFactory(question=question, refers_to=day, kind="quantity")
    AttributionFactory(claim=claim, source=SourceFactory())
    QuantityFactory(
        claim=claim, low=Decimal(value), high=Decimal(value), precision=Decimal(1000), wording=value
    )
    return claim


def test_followers_of_a_question_hear_of_a_new_conflict_once(editor, curator):
    question = QuestionFactory(text="How many drones crossed the border on Sunday?")
    notifications.follow(user=curator, question=question)
    _figure(question, "3000")
    assert inbox(curator) == []
    ten = _figure(question, "10000")
    assert inbox(curator) == [
        ("conflict", "Two claims conflict under “How many drones crossed the border on Sunday?”")
    ]
    # Recomputing finds the same conflict: no news.
    ten.statement = "Ten thousand, says the ministry."
    ten.save()
    assert len(inbox(curator)) == 1
    assert models.Notification.objects.get().question == question


def test_the_editor_whose_change_made_a_conflict_is_not_told_of_it(editor_client, editor, curator):
    question = QuestionFactory()
    for user in (editor, curator):
        notifications.follow(user=user, question=question)
    _figure(question, "3000")
    ten = _figure(question, "3000")
    # The editor changes the second figure in the panel: the conflict is theirs.
    form = editor_client.get(ten.get_absolute_url()).context["details_form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(low="10000", high="10000", wording="10,000")
    response = editor_client.post(reverse("edit_claim", args=[ten.pk]), data, **HTMX)
    assert response.status_code == 200, response.text
    assert models.Conflict.objects.filter(question=question).count() == 1
    assert [kind for kind, _ in inbox(curator)] == ["conflict"]
    assert models.Notification.objects.get().actor == editor
    assert inbox(editor) == []


def test_editors_follow_a_question_they_ask(editor):
    claim = ClaimFactory()
    services.file_under_question(
        claim, question=None, new_text="How many trains ran late?", new_counted="", by=editor
    )
    assert notifications.is_following(editor, question=claim.question)


def test_a_notification_exists_only_if_its_change_does(editor, curator):
    """In the change's own transaction: a change that fails leaves no notification."""
    claim = ClaimFactory()
    notifications.follow(user=curator, claim=claim)
    with pytest.raises(services.StatusRefused):
        services.change_status(claim, models.ClaimStatus.RATED, by=editor)
    assert models.Notification.objects.count() == 0


# The header --------------------------------------------------------------------------


def test_the_header_counts_cost_one_query(editor, curator, django_assert_num_queries):
    claim = ClaimFactory()
    for n in range(3):
        notify(editor, claim, f"Change {n}.")
    notify(editor, claim, "Read already.", read_at=timezone.now())
    notify(curator, claim, "Someone else's.")
    assignments.assign(claim=claim, assignee=editor, by=curator)
    with django_assert_num_queries(1) as queries:
        counts = notifications.header_counts(editor)
    assert (counts.unread, counts.assigned) == (4, 1)
    assert "read_at" in queries.captured_queries[0]["sql"]
    with django_assert_num_queries(1):
        assert notifications.unread_count(editor) == 4


def test_the_badge_answers_with_one_query_besides_the_session(editor_client, editor):
    for n in range(3):
        notify(editor, ClaimFactory(), f"Change {n}.")
    editor_client.get(reverse("notification_badge"), **HTMX)  # the session is warm
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(reverse("notification_badge"), **HTMX)
    ours = [q["sql"] for q in queries.captured_queries if "claims_notification" in q["sql"]]
    assert len(ours) == 1
    # The rest is signing the request in: the session and the user, nothing else.
    others = [q["sql"] for q in queries.captured_queries if "claims_notification" not in q["sql"]]
    assert len(others) == 2 and all("django_session" in sql or "auth_user" in sql for sql in others)
    assert response.status_code == 200
    assert 'aria-label="3 unread notifications"' in response.text
    assert 'hx-trigger="every 45s"' in response.text
    # No inline script or style: it must live under the page's CSP.
    assert "<script" not in response.text and "style=" not in response.text
    assert response["Cache-Control"] == "no-store"


def test_the_badge_is_on_every_page_with_an_accessible_label(editor_client, editor, viewer_client):
    notify(editor, ClaimFactory(), "One thing.")
    for name in ("article_list", "queue", "question_list", "notification_list"):
        page = editor_client.get(reverse(name))
        assert 'aria-label="1 unread notification"' in page.text, name
    assert 'aria-label="No unread notifications"' in viewer_client.get(reverse("queue")).text


def test_the_badge_caps_what_it_counts(editor):
    claim = ClaimFactory()
    models.Notification.objects.bulk_create(
        [
            models.Notification(recipient=editor, kind="status", claim=claim, message="x")
            for _ in range(120)
        ]
    )
    assert notifications.header_counts(editor).unread == notifications.HEADER_CAP + 1


def test_a_page_left_open_after_signing_out_stops_polling(client):
    assert client.get(reverse("notification_badge"), **HTMX).status_code == 286
    response = client.get(reverse("notification_badge"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# The page ----------------------------------------------------------------------------


def test_the_page_lists_newest_first_by_keyset_pages(editor_client, editor):
    claim = ClaimFactory()
    start = timezone.now() - dt.timedelta(hours=1)
    made = [
        notify(editor, claim, f"Change number {n}.", created_at=start + dt.timedelta(minutes=n))
        for n in range(PAGE_SIZE + 5)
    ]
    first = editor_client.get(reverse("notification_list"))
    items = first.context["page"].items
    assert [n.pk for n in items] == [n.pk for n in made[::-1][:PAGE_SIZE]]
    # Something new arrives while reading: the next page does not shift.
    notify(editor, claim, "Newer than all.")
    cursor = first.context["page"].next_cursor
    second = editor_client.get(reverse("notification_list"), {"after": cursor}, **HTMX)
    assert [n.pk for n in second.context["page"].items] == [n.pk for n in made[4::-1]]
    assert "<html" not in second.text and 'id="notifications"' in second.text
    assert "Change number 0." in second.text and "Newer than all." not in second.text


def test_opening_a_notification_marks_it_read_and_leads_to_its_claim(editor_client, editor):
    claim = ClaimFactory()
    notification = notify(editor, claim, "Look at this.")
    page = editor_client.get(reverse("notification_list"))
    link = reverse("open_notification", args=[notification.pk])
    assert f'<a href="{link}">Look at this.</a>' in page.text
    response = editor_client.get(link)
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    note = NoteFactory(claim=claim)
    about_note = notify(editor, claim, "A reply.", note=note)
    response = editor_client.get(reverse("open_notification", args=[about_note.pk]))
    assert response["Location"] == f"{claim.get_absolute_url()}#note-{note.uid}"
    question = QuestionFactory()
    about_question = notify(editor, None, "A conflict.", question=question)
    response = editor_client.get(reverse("open_notification", args=[about_question.pk]))
    assert response["Location"] == question.get_absolute_url()


def test_nobody_opens_or_marks_someone_elses_notification(editor_client, curator):
    theirs = notify(curator, ClaimFactory(), "Private.")
    opened = editor_client.get(reverse("open_notification", args=[theirs.pk]))
    assert opened.status_code == 302 and opened["Location"] == reverse("notification_list")
    url = reverse("mark_notification_read", args=[theirs.pk])
    assert editor_client.post(url, **HTMX).status_code == 404
    assert "Private." not in editor_client.get(reverse("notification_list")).text
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_one_and_then_all_as_read(editor_client, editor):
    claim = ClaimFactory()
    first, *_others = [notify(editor, claim, f"Change {n}.") for n in range(3)]
    response = editor_client.post(reverse("mark_notification_read", args=[first.pk]), **HTMX)
    assert response.status_code == 200
    assert f'id="notification-{first.pk}" class="notification"' in response.text
    assert 'aria-label="2 unread notifications"' in response.text  # the header, out of band
    first.refresh_from_db()
    assert first.read_at is not None
    response = editor_client.post(reverse("mark_all_read"), **HTMX)
    assert "2 notifications marked as read." in response.text
    assert 'aria-label="No unread notifications"' in response.text
    assert not models.Notification.objects.filter(recipient=editor, read_at__isnull=True).exists()
    # Without JavaScript: back to the page, with the message.
    response = editor_client.post(reverse("mark_all_read"))
    assert response.status_code == 302
    assert "Everything was read already." in editor_client.get(response["Location"]).text


def test_a_viewer_mentioned_somewhere_reads_their_notifications(viewer_client, viewer):
    notification = notify(viewer, ClaimFactory(), "You were named.")
    assert "You were named." in viewer_client.get(reverse("notification_list")).text
    viewer_client.post(reverse("mark_notification_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_messages_are_shown_as_text(editor_client, editor):
    notify(editor, ClaimFactory(), '<script>alert("x")</script> said <b>so</b>')
    page = editor_client.get(reverse("notification_list"))
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


# Following ---------------------------------------------------------------------------


def test_follow_and_unfollow_a_claim_from_its_panel(editor_client, editor):
    claim = ClaimFactory()
    page = editor_client.get(claim.get_absolute_url())
    assert "Follow this claim" in page.text
    url = reverse("follow_claim", args=[claim.pk])
    for _ in range(2):  # a double click leaves it followed
        response = editor_client.post(url, {"follow": "1"}, **HTMX)
        assert response.status_code == 200 and "Unfollow this claim" in response.text
    assert models.Follow.objects.filter(user=editor, claim=claim).count() == 1
    response = editor_client.post(url, {"follow": "0"})
    assert response.status_code == 302
    assert not notifications.is_following(editor, claim=claim)
    assert "You no longer follow this claim." in editor_client.get(response["Location"]).text


def test_follow_a_question_from_its_page(editor_client, editor, viewer_client):
    question = QuestionFactory()
    page = editor_client.get(question.get_absolute_url())
    assert "Follow this question" in page.text
    assert "Follow this question" not in viewer_client.get(question.get_absolute_url()).text
    response = editor_client.post(
        reverse("follow_question", args=[question.pk]), {"follow": "1"}, **HTMX
    )
    assert "Unfollow this question" in response.text
    assert notifications.is_following(editor, question=question)
    assert (
        viewer_client.post(
            reverse("follow_question", args=[question.pk]), {"follow": "1"}
        ).status_code
        == 403
    )


def test_a_claims_panel_shows_whether_you_follow_it(editor_client, editor):
    claim = ClaimFactory()
    notifications.follow(user=editor, claim=claim)
    page = editor_client.get(claim.get_absolute_url())
    assert re.search(r"You follow this claim: you hear when its status changes", page.text)


def test_someone_who_left_follows_nothing_new(editor):
    gone = UserFactory(username="gone", is_active=False)
    claim = ClaimFactory()
    notifications.follow(user=gone, claim=claim)
    assert not models.Follow.objects.filter(user=gone).exists()


@pytest.mark.parametrize("role", ["viewer", "editor", "curator"])
def test_every_role_opens_and_marks_its_own_notifications(role, request):
    user, client = request.getfixturevalue(role), request.getfixturevalue(f"{role}_client")
    claim = ClaimFactory()
    first, second = notify(user, claim, "One."), notify(user, claim, "Two.")
    assert client.get(reverse("notification_list")).status_code == 200
    assert client.get(reverse("notification_badge"), **HTMX).status_code == 200
    assert client.get(reverse("open_notification", args=[first.pk])).status_code == 302
    assert (
        client.post(reverse("mark_notification_read", args=[second.pk]), **HTMX).status_code == 200
    )
    assert client.post(reverse("mark_all_read"), **HTMX).status_code == 200
    assert not models.Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
