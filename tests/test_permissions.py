"""Who may do what: every URL of the app, for every role.

The table below must name every URL pattern of the app; a new view without a
row fails the suite, so nobody adds a page without deciding who may use it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims import models, services
from claims.factories import (
    AttributionFactory,
    ClaimFactory,
    ConduitFactory,
    LinkFactory,
    NoteFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
ROLES = ["anonymous", "viewer", "editor", "curator", "superuser"]
READ = {"anonymous": 302, "viewer": 200, "editor": 200, "curator": 200, "superuser": 200}
WRITE = {"anonymous": 302, "viewer": 403, "editor": 200, "curator": 200, "superuser": 200}
# Writes that answer by sending the browser on (to the import batch's page).
REDIRECTED = {**WRITE, "editor": 302, "curator": 302, "superuser": 302}
API = {**READ, "anonymous": 401}
PUBLIC = dict.fromkeys(ROLES, 200)


def objects() -> dict:
    claim = ClaimFactory()
    attribution = AttributionFactory(claim=claim)
    published = VerdictFactory().claim
    AttributionFactory(claim=published)
    services.publish(published, by=None)
    return {
        "claim": claim,
        "published": published,
        "other": ClaimFactory(article=claim.article),
        "attribution": attribution,
        "conduit": ConduitFactory(attribution=attribution),
        "link": LinkFactory(from_claim=claim),
        # Nobody's note: editors may not change it, curators may.
        "note": NoteFactory(claim=claim, author=None, body="Asked the ministry."),
        "question": models.Question.objects.create(text="How many?"),
        "batch": (batch := models.ImportBatch.objects.create(origin="page")),
        "item": models.ImportItem.objects.create(
            batch=batch,
            position=0,
            address="https://news.example/a",
            state="refused",
            can_force=True,
        ),
        "deleted": _deleted_claim(),
        "conflict": models.Conflict.objects.create(
            question=models.Question.objects.create(text="How many troops?"),
            first_claim=claim,
            second_claim=ClaimFactory(),
            kind="contradicts",
            reason="Apart.",
        ),
        # Someone else's: nobody but its recipient may open or mark it.
        "notification": models.Notification.objects.create(
            recipient=UserFactory(), kind="status", claim=claim, message="Moved to rated."
        ),
    }


def _deleted_claim() -> int:
    """The history row of a claim deleted, for the restore endpoint."""
    claim = ClaimFactory()
    pk = claim.pk
    claim.delete()
    return models.Claim.history.get(id=pk, history_type="-").history_id


# name: (method, args from the objects, data, expected status per role)
TABLE = {
    "home": ("get", lambda o: [], {}, {**READ, "viewer": 302, "editor": 302, "curator": 302, "superuser": 302}),
    "dashboard": ("get", lambda o: [], {}, READ),
    "login": ("get", lambda o: [], {}, {**READ, "anonymous": 200, "viewer": 302, "editor": 302, "curator": 302, "superuser": 302}),
    "logout": ("post", lambda o: [], {}, {role: 302 for role in ROLES}),
    "password_reset": ("get", lambda o: [], {}, PUBLIC),
    "password_reset_done": ("get", lambda o: [], {}, PUBLIC),
    "password_reset_confirm": ("get", lambda o: ["MQ", "not-a-token"], {}, PUBLIC),
    "password_reset_complete": ("get", lambda o: [], {}, PUBLIC),
    "article_list": ("get", lambda o: [], {}, READ),
    "article_reader": ("get", lambda o: [o["claim"].article_id], {}, READ),
    "mark_claim": ("post", lambda o: [o["claim"].article_id], {"passage": "zzz-not-there"}, {**WRITE, "editor": 422, "curator": 422, "superuser": 422}),
    "claim_detail": ("get", lambda o: [o["claim"].pk], {}, READ),
    "edit_claim": ("post", lambda o: [o["claim"].pk], {"kind": "event", "unit": "count"}, WRITE),
    "add_attribution": ("post", lambda o: [o["claim"].pk], {"mode": "paraphrase", "new_source_name": "X", "new_source_kind": "person"}, WRITE),
    "change_attribution": ("post", lambda o: [o["attribution"].pk], {"role": "r", "mode": "paraphrase"}, WRITE),
    "delete_attribution": ("post", lambda o: [o["attribution"].pk], {}, WRITE),
    "add_conduit": ("post", lambda o: [o["attribution"].pk], {"label": "told AP"}, WRITE),
    "delete_conduit": ("post", lambda o: [o["conduit"].pk], {}, WRITE),
    "add_note": ("post", lambda o: [o["claim"].pk], {"body": "A note."}, WRITE),
    "change_status": ("post", lambda o: [o["claim"].pk], {"status": "in_review"}, WRITE),
    "save_verdict": ("post", lambda o: [o["claim"].pk], lambda o: {"rating": models.Rating.objects.get(slug="false").pk, "reasoning": "Wrong."}, WRITE),
    "add_link": ("post", lambda o: [o["claim"].pk], lambda o: {"type": "supports", "to_claim": o["other"].pk}, WRITE),
    "delete_link": ("post", lambda o: [o["link"].pk], {}, WRITE),
    "set_question": ("post", lambda o: [o["claim"].pk], lambda o: {"question": o["question"].pk}, WRITE),
    "publish_update": ("post", lambda o: [o["published"].pk], {"correction_note": "Fixed a name."}, WRITE),
    "unpublish_claim": ("post", lambda o: [o["published"].pk], {"reason": "Checked again."}, WRITE),
    "assign_claim": ("post", lambda o: [o["claim"].pk], {"assign": "me"}, WRITE),
    "find_claims": ("get", lambda o: [], {"q": "zz"}, READ),
    "queue": ("get", lambda o: [], {}, READ),
    "source_list": ("get", lambda o: [], {}, READ),
    "find_sources": ("get", lambda o: [], {"q": "a"}, READ),
    "source_detail": ("get", lambda o: [o["attribution"].source_id], {}, READ),
    "question_list": ("get", lambda o: [], {}, READ),
    "find_questions": ("get", lambda o: [], {"q": "How"}, READ),
    "question_detail": ("get", lambda o: [o["question"].pk], {}, READ),
    "search": ("get", lambda o: [], {"q": "a"}, READ),
    "conflict_list": ("get", lambda o: [], {}, READ),
    "claim_history": ("get", lambda o: [o["claim"].pk], {}, READ),
    "restore_version": ("post", lambda o: [o["claim"].pk, o["claim"].history.earliest("history_date").history_id], {}, WRITE),
    "delete_claim": ("post", lambda o: [o["other"].pk], {}, WRITE),
    "deleted_claims": ("get", lambda o: [], {}, {**READ, "viewer": 403, "editor": 403}),
    "restore_deleted_claim": ("post", lambda o: [o["deleted"]], {}, {**WRITE, "editor": 403, "curator": 302, "superuser": 302}),
    "correct_article": ("get", lambda o: [o["claim"].article_id], {}, {**READ, "viewer": 403}),
    "orphaned_claims": ("get", lambda o: [], {}, READ),
    "reanchor_claim": ("post", lambda o: [o["claim"].pk], {"passage": "zzz-not-in-it"}, {**WRITE, "editor": 302, "curator": 302, "superuser": 302}),
    "queue_csv": ("get", lambda o: [], {"status": "new"}, READ),
    "question_csv": ("get", lambda o: [o["question"].pk], {}, READ),
    "health": ("get", lambda o: [], {}, PUBLIC),
    "api-root": ("get", lambda o: [], {}, API),
    "review_feed": ("get", lambda o: [], {}, PUBLIC),
    "review_page": ("get", lambda o: [o["claim"].uid], {}, dict.fromkeys(ROLES, 404)),
    "review_jsonld": ("get", lambda o: [o["claim"].uid], {}, dict.fromkeys(ROLES, 404)),
    "api-schema": ("get", lambda o: [], {}, PUBLIC),
    "api-article-list": ("get", lambda o: [], {}, API),
    "api-article-detail": ("get", lambda o: [o["claim"].article_id], {}, API),
    "api-article-annotations": ("get", lambda o: [o["claim"].article_id], {}, API),
    "api-claim-list": ("get", lambda o: [], {}, API),
    "api-claim-detail": ("get", lambda o: [o["claim"].pk], {}, API),
    "api-claim-annotation": ("get", lambda o: [o["claim"].pk], {}, API),
    "api-source-list": ("get", lambda o: [], {}, API),
    "api-source-detail": ("get", lambda o: [o["attribution"].source_id], {}, API),
    "api-question-list": ("get", lambda o: [], {}, API),
    "api-question-detail": ("get", lambda o: [o["question"].pk], {}, API),
    "import_articles": ("get", lambda o: [], {}, {**READ, "viewer": 403}),
    "import_batch": ("get", lambda o: [o["batch"].uid], {}, {**READ, "viewer": 403}),
    "import_item_force": ("post", lambda o: [o["item"].uid], {}, REDIRECTED),
    "import_item_retry": ("post", lambda o: [o["item"].uid], {}, REDIRECTED),
    "article_suggestions": ("get", lambda o: [o["claim"].article_id], {}, {**READ, "viewer": 403}),
    "decide_suggestion": ("post", lambda o: [o["claim"].article_id], {"key": "0-1", "decision": "dismiss"}, WRITE),
    "decide_conflict": ("post", lambda o: [o["conflict"].pk], {"decision": "confirm"}, WRITE),
    "reply_note": ("post", lambda o: [o["note"].pk], {"body": "Answered."}, WRITE),
    "edit_note": ("post", lambda o: [o["note"].pk], {"body": "Asked twice."}, {**WRITE, "editor": 403}),
    "delete_note": ("post", lambda o: [o["note"].pk], {}, {**WRITE, "editor": 403}),
    "mention_people": ("get", lambda o: [], {"q": "ed"}, {**READ, "viewer": 403}),
    # The desk: assigning from the queue, following, notifications. Reading and
    # marking one's own notifications is for everyone signed in (viewers can be
    # mentioned); someone else's is not found (a link to it leads to one's own list).
    "assign_claims": ("post", lambda o: [], lambda o: {"claims": [f"{o['claim'].pk}:"], "assignee": ":nobody"}, WRITE),
    "follow_claim": ("post", lambda o: [o["claim"].pk], {"follow": "1"}, WRITE),
    "follow_question": ("post", lambda o: [o["question"].pk], {"follow": "1"}, WRITE),
    "notification_list": ("get", lambda o: [], {}, READ),
    "notification_badge": ("get", lambda o: [], {}, {**READ, "anonymous": 286}),
    "mark_all_read": ("post", lambda o: [], {}, READ),
    "open_notification": ("get", lambda o: [o["notification"].pk], {}, dict.fromkeys(ROLES, 302)),
    "mark_notification_read": ("post", lambda o: [o["notification"].pk], {}, {**READ, "viewer": 404, "editor": 404, "curator": 404, "superuser": 404}),
}  # fmt: skip


def app_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # the admin has its own tests (test_admin.py)
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_of_the_app_is_in_the_permission_table():
    assert app_url_names() == set(TABLE)


@pytest.fixture
def clients(client, viewer_client, editor_client, curator_client, superuser):
    from django.test import Client

    admin = Client()
    admin.force_login(superuser)
    return {
        "anonymous": client,
        "viewer": viewer_client,
        "editor": editor_client,
        "curator": curator_client,
        "superuser": admin,
    }


@pytest.mark.parametrize("name", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(clients, name, role):
    method, args, data, expected = TABLE[name]
    found = objects()
    url = reverse(name, args=args(found))
    payload = data(found) if callable(data) else data
    response = getattr(clients[role], method)(url, payload, **HTMX)
    assert response.status_code == expected[role], (name, role, response.status_code)
    if expected[role] == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "name",
    sorted(name for name, row in TABLE.items() if row[0] == "post" and row[3]["viewer"] == 403),
)
def test_a_refused_write_changes_nothing(viewer_client, name):
    from django.core import serializers

    _, args, data, _ = TABLE[name]
    found = objects()
    before = serializers.serialize("json", _everything())
    payload = data(found) if callable(data) else data
    viewer_client.post(reverse(name, args=args(found)), payload, **HTMX)
    assert serializers.serialize("json", _everything()) == before


def _everything():
    for model in (
        models.Claim,
        models.Attribution,
        models.Conduit,
        models.Note,
        models.Link,
        models.Verdict,
        models.Publication,
        models.Source,
        models.Question,
        models.Quantity,
        models.Conflict,
        models.DismissedSuggestion,
        models.Article,
    ):
        yield from model.objects.order_by("pk")
