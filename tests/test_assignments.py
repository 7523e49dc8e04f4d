"""Assignments: a claim given to any editor or curator from its panel or from
the queue, recorded in its history, told to the assignee, and never lost when
two editors assign at once or someone leaves the desk."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import assignments, models, roles
from claims.factories import ClaimFactory, UserFactory
from claims.history import claim_history

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def assigned(kind: str = models.NotificationKind.ASSIGNED) -> list[tuple[str, str]]:
    return list(
        models.Notification.objects.filter(kind=kind)
        .order_by("created_at", "id")
        .values_list("recipient__username", "message")
    )


def history_of(claim: models.Claim) -> list[tuple[int | None, int | None]]:
    """(assignee, who made the change) for each change to the claim, oldest first."""
    return list(
        claim.history.order_by("history_date", "history_id").values_list(
            "assignee_id", "history_user_id"
        )
    )


# The service --------------------------------------------------------------------------


def test_a_claim_goes_to_another_editor_with_its_history_a_notification_and_a_follow(
    editor, curator
):
    claim = ClaimFactory(statement="The minister says 4,000 homes were built last year.")
    before = timezone.now()
    assert assignments.assign(claim=claim, assignee=editor, by=curator) is True
    claim.refresh_from_db()
    assert claim.assignee == editor and claim.assigned_at >= before
    # The history row names the curator who did it, not the request's user (there is none).
    assert history_of(claim)[-1] == (editor.pk, curator.pk)
    assert assigned() == [
        ("eddie.editor", "cora.curator assigned you “The minister says 4,000 homes were built last year.”")
    ]  # fmt: skip
    assert models.Follow.objects.filter(user=editor, claim=claim).exists()
    assert not models.Notification.objects.filter(recipient=curator).exists()
    # The claim's history page tells it in words.
    latest = claim_history(claim)[0]
    assert (latest.who, latest.action) == ("cora.curator", "changed")
    assert ("Assignee", "—", "eddie.editor") in [
        (c.field, c.before, c.after) for c in latest.changes
    ]


def test_taking_a_claim_yourself_tells_nobody_but_you_follow_it(editor):
    claim = ClaimFactory()
    assignments.assign(claim=claim, assignee=editor, by=editor)
    assert models.Notification.objects.count() == 0
    assert models.Follow.objects.filter(user=editor, claim=claim).exists()


def test_reassigning_tells_the_new_assignee_and_unassigning_clears_the_date(editor, curator):
    claim = ClaimFactory()
    assignments.assign(claim=claim, assignee=editor, by=curator)
    first = models.Claim.objects.get(pk=claim.pk).assigned_at
    assignments.assign(claim=claim, assignee=curator, by=editor)
    claim.refresh_from_db()
    assert claim.assignee == curator and claim.assigned_at > first
    assert [who for who, _ in assigned()] == ["eddie.editor", "cora.curator"]
    assignments.assign(claim=claim, assignee=None, by=curator)
    claim.refresh_from_db()
    assert claim.assignee is None and claim.assigned_at is None
    assert history_of(claim)[-3:] == [
        (editor.pk, curator.pk),
        (curator.pk, editor.pk),
        (None, curator.pk),
    ]


def test_viewers_and_people_who_left_cannot_be_given_claims(viewer, editor):
    claim = ClaimFactory()
    with pytest.raises(assignments.AssignmentRefused, match="can read claims but not work on them"):
        assignments.assign(claim=claim, assignee=viewer, by=editor)
    gone = UserFactory(username="gone", role=roles.EDITORS, is_active=False)
    with pytest.raises(assignments.AssignmentRefused, match="no longer active"):
        assignments.assign(claim=claim, assignee=gone, by=editor)
    claim.refresh_from_db()
    assert claim.assignee is None and models.Notification.objects.count() == 0
    assert list(assignments.assignable_people()) == [editor]


def test_assigning_what_is_already_so_changes_nothing(editor, curator):
    claim = ClaimFactory()
    assignments.assign(claim=claim, assignee=editor, by=curator)
    rows = claim.history.count()
    assert assignments.assign(claim=claim, assignee=editor, by=curator, expected=None) is False
    assert claim.history.count() == rows and len(assigned()) == 1


# The claim panel ---------------------------------------------------------------------


def test_an_editor_gives_a_claim_to_a_curator_from_the_panel(editor_client, editor, curator):
    claim = ClaimFactory()
    page = editor_client.get(claim.get_absolute_url())
    assert f'<option value="{curator.username}">' in page.text
    assert "Nobody is assigned this claim." in page.text
    response = editor_client.post(
        reverse("assign_claim", args=[claim.pk]),
        {"assignee": curator.username, "was": ""},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Assigned to <strong>cora.curator</strong>" in response.text
    assert 'id="header-figures"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "Assigned to cora.curator." in response["HX-Trigger"]
    claim.refresh_from_db()
    assert claim.assignee == curator
    assert history_of(claim)[-1] == (curator.pk, editor.pk)
    assert assigned() == [("cora.curator", f"eddie.editor assigned you “{claim.statement}”")]


def test_without_javascript_the_panel_assigns_and_returns_to_the_claim(editor_client, editor):
    claim = ClaimFactory()
    response = editor_client.post(reverse("assign_claim", args=[claim.pk]), {"me": "1", "was": ""})
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    page = editor_client.get(response["Location"])
    assert "Assigned to you." in page.text
    assert "Assigned to <strong>eddie.editor</strong>" in page.text


def test_a_viewer_cannot_be_chosen_and_the_editor_is_told_why(editor_client, viewer):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("assign_claim", args=[claim.pk]), {"assignee": viewer.username}, **HTMX
    )
    assert response.status_code == 422
    assert "vera.viewer can read claims but not work on them" in response.text
    unknown = editor_client.post(
        reverse("assign_claim", args=[claim.pk]), {"assignee": "nobody-here"}, **HTMX
    )
    assert unknown.status_code == 422 and "Nobody here is called" in unknown.text
    claim.refresh_from_db()
    assert claim.assignee is None


def test_a_double_click_assigns_once_and_tells_the_assignee_once(editor_client, curator):
    claim = ClaimFactory()
    url = reverse("assign_claim", args=[claim.pk])
    data = {"assignee": curator.username, "was": ""}
    first = editor_client.post(url, data, **HTMX)
    second = editor_client.post(url, data, **HTMX)
    assert (first.status_code, second.status_code) == (200, 200)
    assert "Assigned to cora.curator already." in second["HX-Trigger"]
    assert len(assigned()) == 1
    assert [row[0] for row in history_of(claim)].count(curator.pk) == 1


def test_a_stale_tab_does_not_overwrite_an_assignment_made_meanwhile(
    editor_client, curator_client, editor, curator
):
    claim = ClaimFactory()
    url = reverse("assign_claim", args=[claim.pk])
    # Both tabs show the claim with nobody assigned; the curator takes it first.
    curator_client.post(url, {"me": "1", "was": ""}, **HTMX)
    response = editor_client.post(url, {"me": "1", "was": ""}, **HTMX)
    assert response.status_code == 409
    assert "meanwhile someone assigned this claim to cora.curator" in response.text
    # The answer shows the claim as it is now, with the new assignee chosen.
    assert f'<option value="{curator.username}" selected>' in response.text
    assert f'name="was" value="{curator.pk}"' in response.text
    claim.refresh_from_db()
    assert claim.assignee == curator
    assert [who for who, _ in assigned()] == []  # the curator took it herself
    # Sent again from the refreshed form, the change is made.
    again = editor_client.post(url, {"me": "1", "was": str(curator.pk)}, **HTMX)
    assert again.status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == editor
    assert [who for who, _ in assigned()] == []  # and so did the editor


def test_the_queue_row_buttons_assign_and_release(editor_client, editor):
    claim = ClaimFactory()
    url = reverse("assign_claim", args=[claim.pk])
    row = editor_client.post(url, {"assign": "me", "from": "queue", "was": ""}, **HTMX)
    assert row.status_code == 200 and f'id="queue-row-{claim.pk}"' in row.text
    assert "Unassign" in row.text
    editor_client.post(url, {"assign": "nobody", "from": "queue", "was": str(editor.pk)}, **HTMX)
    claim.refresh_from_db()
    assert claim.assignee is None


# The queue ---------------------------------------------------------------------------


def test_claims_selected_in_the_queue_go_to_one_editor_with_htmx(editor_client, editor, curator):
    first, second, held = ClaimFactory(), ClaimFactory(), ClaimFactory()
    other = UserFactory(username="olga", role=roles.EDITORS)
    page = editor_client.get(reverse("queue"), {"assigned": "nobody"})
    assert 'id="bulk-assign"' in page.text
    assert 'name="next" value="/queue/?assigned=nobody"' in page.text
    assert f'value="{first.pk}:" form="bulk-assign"' in page.text
    # Someone gives the third claim to Olga after the page was shown.
    assignments.assign(claim=held, assignee=other, by=curator)
    response = editor_client.post(
        reverse("assign_claims"),
        {
            "claims": [f"{first.pk}:", f"{second.pk}:", f"{held.pk}:"],
            "assignee": curator.username,
            "next": "/queue/?status=new",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "2 claims assigned to cora.curator." in response.text
    assert "1 left as it was: someone else assigned it meanwhile" in response.text
    assert (
        'id="results"' in response.text
        and 'name="next" value="/queue/?status=new"' in response.text
    )
    assert {c.assignee_id for c in models.Claim.objects.filter(pk__in=[first.pk, second.pk])} == {
        curator.pk
    }
    held.refresh_from_db()
    assert held.assignee == other
    assert [who for who, _ in assigned()] == ["olga", "cora.curator", "cora.curator"]


def test_assigning_from_the_queue_works_as_a_plain_form(editor_client, editor):
    claims = [ClaimFactory(), ClaimFactory()]
    response = editor_client.post(
        reverse("assign_claims"),
        {
            "claims": [f"{c.pk}:" for c in claims],
            "assignee": editor.username,
            "next": "/queue/?assigned=me",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/queue/?assigned=me"
    page = editor_client.get(response["Location"])
    assert "2 claims assigned to eddie.editor." in page.text
    assert all(c.statement[:30] in page.text for c in claims)
    unassign = editor_client.post(
        reverse("assign_claims"), {"claims": [f"{claims[0].pk}:{editor.pk}"], "assignee": ":nobody"}
    )
    assert unassign.status_code == 302
    assert models.Claim.objects.get(pk=claims[0].pk).assignee is None


def test_assigning_from_the_queue_says_what_is_missing(editor_client, viewer):
    claim = ClaimFactory()
    url = reverse("assign_claims")
    nobody_chosen = editor_client.post(url, {"claims": [f"{claim.pk}:"], "assignee": ""}, **HTMX)
    assert nobody_chosen.status_code == 422
    assert "Choose who gets the selected claims." in nobody_chosen.text
    nothing_selected = editor_client.post(url, {"assignee": "eddie.editor"}, **HTMX)
    assert (
        nothing_selected.status_code == 422 and "Select at least one claim" in nothing_selected.text
    )
    a_viewer = editor_client.post(
        url, {"claims": [f"{claim.pk}:"], "assignee": viewer.username}, **HTMX
    )
    assert a_viewer.status_code == 422 and "can read claims but not work on them" in a_viewer.text
    claim.refresh_from_db()
    assert claim.assignee is None and models.Notification.objects.count() == 0


def test_the_queue_filters_by_assignee(editor_client, editor, curator):
    mine = ClaimFactory(statement="Mine to check.")
    theirs = ClaimFactory(statement="The curator's to check.")
    ClaimFactory(statement="Nobody's yet.")
    done = ClaimFactory(statement="Mine and published.", status=models.ClaimStatus.PUBLISHED)
    for claim, who in ((mine, editor), (theirs, curator), (done, editor)):
        assignments.assign(claim=claim, assignee=who, by=curator)

    def shown(**params) -> set[str]:
        page = editor_client.get(reverse("queue"), params)
        assert page.status_code == 200 and not page.context["filters"].errors
        return {c.statement for c in page.context["page"].items}

    assert shown(assigned="me") == {"Mine to check.", "Mine and published."}
    assert shown(assigned="me", open="on") == {"Mine to check."}
    assert shown(assigned="anyone") == {
        "Mine to check.",
        "The curator's to check.",
        "Mine and published.",
    }
    assert shown(assigned="nobody") == {"Nobody's yet."}
    assert shown(assigned="@cora.curator") == {"The curator's to check."}
    page = editor_client.get(reverse("queue"))
    assert '<option value="@cora.curator">cora.curator</option>' in page.text
    bad = editor_client.get(reverse("queue"), {"assigned": "@nobody-by-that-name"})
    assert "Some filters could not be read" in bad.text


def test_the_queue_sorts_by_assignment_date_page_by_page(editor_client, editor):
    start = timezone.now() - dt.timedelta(days=30)
    claims = ClaimFactory.create_batch(27)
    for n, claim in enumerate(claims):
        # Claim n was assigned n days after the start; the last is the newest.
        models.Claim.objects.filter(pk=claim.pk).update(
            assignee=editor, assigned_at=start + dt.timedelta(days=n)
        )
    ClaimFactory(statement="Nobody holds this one.")

    def walk(sort: str) -> list[int]:
        seen, params = [], {"sort": sort}
        while True:
            page = editor_client.get(reverse("queue"), params).context["page"]
            seen += [claim.pk for claim in page.items]
            if not page.next_cursor:
                return seen
            params = {"sort": sort, "after": page.next_cursor}

    ids = [claim.pk for claim in claims]
    newest = walk("assigned_newest")
    assert newest[:27] == ids[::-1] and len(newest) == 28  # the unassigned one last
    oldest = walk("assigned_oldest")
    assert oldest[:27] == ids and len(oldest) == 28


def test_a_deactivated_editors_open_claims_are_listed_for_reassignment(
    curator_client, curator, editor
):
    jonas = UserFactory(username="jonas", first_name="Jonas", last_name="Berg", role=roles.EDITORS)
    held = [ClaimFactory(statement=f"Open claim {n}.") for n in range(2)]
    done = ClaimFactory(statement="Published claim.", status=models.ClaimStatus.PUBLISHED)
    for claim in [*held, done]:
        assignments.assign(claim=claim, assignee=jonas, by=curator)
    jonas.is_active = False
    jonas.save()

    queue = curator_client.get(reverse("queue"))
    assert "Jonas Berg is no longer active:" in queue.text
    assert "2 open claims to reassign" in queue.text
    listed = curator_client.get(reverse("queue"), {"assigned": "@jonas", "open": "on"})
    assert {c.statement for c in listed.context["page"].items} == {"Open claim 0.", "Open claim 1."}
    assert '<option value="@jonas" selected>Jonas Berg (no longer active)</option>' in listed.text
    # Their history keeps them: who held each claim, and from when.
    assert jonas.pk in {row[0] for row in history_of(held[0])}

    curator_client.post(
        reverse("assign_claims"),
        {"claims": [f"{c.pk}:{jonas.pk}" for c in held], "assignee": editor.username},
    )
    assert set(models.Claim.objects.filter(assignee=jonas).values_list("statement", flat=True)) == {
        "Published claim."
    }
    assert "is no longer active:" not in curator_client.get(reverse("queue")).text
    # The panel of a claim still held by them says so, and the editor chooses again.
    page = curator_client.get(done.get_absolute_url())
    assert "Assigned to <strong>Jonas Berg</strong> (no longer active)" in page.text


# The header --------------------------------------------------------------------------


def test_the_header_counts_the_open_claims_assigned_to_me(editor_client, editor, curator):
    for claim in ClaimFactory.create_batch(3):
        assignments.assign(claim=claim, assignee=editor, by=curator)
    published = ClaimFactory(status=models.ClaimStatus.PUBLISHED)
    models.Claim.objects.filter(pk=published.pk).update(assignee=editor)
    page = editor_client.get(reverse("article_list"))
    assert 'aria-label="Assigned to me: 3 open claims"' in page.text
    link = reverse("queue") + "?assigned=me&amp;open=on&amp;sort=assigned_newest"
    assert f'href="{link}"' in page.text
    assignments.assign(claim=ClaimFactory(), assignee=editor, by=curator)
    badge = editor_client.get(reverse("notification_badge"), **HTMX)
    assert 'aria-label="Assigned to me: 4 open claims"' in badge.text


def test_an_editor_follows_the_claim_they_mark(editor_client, editor):
    from claims.factories import ArticleFactory

    article = ArticleFactory(body="The mayor said 12 bridges were repaired in May.")
    editor_client.post(
        reverse("mark_claim", args=[article.pk]),
        {
            "passage": "12 bridges were repaired",
            "statement": "12 bridges were repaired.",
            "kind": "event",
        },
    )
    claim = models.Claim.objects.get()
    assert models.Follow.objects.filter(user=editor, claim=claim).exists()


def test_whoever_may_change_claims_may_be_given_one(editor, curator, viewer, superuser):
    from django.contrib.auth.models import Permission

    granted = UserFactory(username="guest.checker")
    granted.user_permissions.add(
        Permission.objects.get(codename="change_claim", content_type__app_label="claims")
    )
    UserFactory(username="left", role=roles.CURATORS, is_active=False)
    people = {user.username for user in assignments.assignable_people()}
    assert people == {"eddie.editor", "cora.curator", "sam.super", "guest.checker"}
    assert all(assignments.may_be_assigned(user) for user in assignments.assignable_people())
    assert not assignments.may_be_assigned(viewer)
