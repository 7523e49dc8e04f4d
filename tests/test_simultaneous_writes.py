"""The same write sent many times at once (a double-click, a retry, two editors):
no server error, no duplicate rows, and an answer that says what happened."""

import threading

import pytest
from django.apps import apps
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from claims import models
from claims.factories import AttributionFactory, ClaimFactory, SourceFactory
from claims.roles import sync_roles
from tests.test_editor_views import HTMX

# Real transactions, so that the requests' locks meet in the database. The
# SQLite test database lives in memory, where a second writer is refused at once
# ("table is locked") instead of waiting its turn as it does in a database file;
# so the requests really meet only on PostgreSQL, and on SQLite they are sent
# one after the other, as a double-click sends them.
pytestmark = pytest.mark.django_db(transaction=True)

AT_ONCE = 20


@pytest.fixture(autouse=True)
def roles(transactional_db):
    # A transactional test empties the tables after it, groups included.
    sync_roles(apps)


def together(signed_in: Client, url: str, forms: list[dict]) -> list:
    """POST each form from its own thread, all released together (one after
    the other on SQLite); the responses."""

    def post(data: dict):
        client = Client(raise_request_exception=False)
        client.cookies = signed_in.cookies
        return client.post(url, data, **HTMX)

    if connection.vendor == "sqlite":
        return [post(data) for data in forms]
    barrier = threading.Barrier(len(forms))
    responses = []

    def send(data):
        try:
            barrier.wait()
            responses.append(post(data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(data,)) for data in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(responses) == len(forms)
    return responses


def at_once(signed_in: Client, url: str, data: dict) -> list:
    """The same form AT_ONCE times together: a double-click, a retry, a crowd."""
    return together(signed_in, url, [data] * AT_ONCE)


def test_one_step_added_to_a_chain_many_times_at_once_is_added_once(editor_client):
    attribution = AttributionFactory()
    outlet = SourceFactory(name="The War Zone", kind=models.SourceKind.OUTLET)
    url = reverse("add_conduit", args=[attribution.pk])
    responses = at_once(editor_client, url, {"label": "told The War Zone", "source": outlet.pk})
    assert {response.status_code for response in responses} == {200}
    assert list(attribution.chain.values_list("label", flat=True)) == ["told The War Zone"]


def test_different_steps_added_at_once_each_get_a_place(editor_client):
    attribution = AttributionFactory()
    url = reverse("add_conduit", args=[attribution.pk])
    responses = together(editor_client, url, [{"label": f"step {n}"} for n in range(5)])
    statuses = [response.status_code for response in responses]
    assert statuses == [200] * 5
    assert sorted(attribution.chain.values_list("position", flat=True)) == [0, 1, 2, 3, 4]


def test_one_source_attributed_many_times_at_once_is_attributed_once(editor_client):
    claim = ClaimFactory()
    source = SourceFactory(name="Lloyd Austin")
    url = reverse("add_attribution", args=[claim.pk])
    data = {"source": source.pk, "role": "Defense Secretary", "mode": "paraphrase"}
    responses = at_once(editor_client, url, data)
    assert {response.status_code for response in responses} == {200}
    assert claim.attributions.count() == 1
    # The editor is told (the panel announces it) that nothing new was added.
    assert any("Attributed to Lloyd Austin already." in r["HX-Trigger"] for r in responses)


def test_one_new_question_sent_many_times_at_once_is_made_once(editor_client):
    claim = ClaimFactory()
    url = reverse("set_question", args=[claim.pk])
    data = {"new_text": "How many bridges reopened?", "new_counted": "bridges"}
    responses = at_once(editor_client, url, data)
    # The first makes the question; the others file the claim under it, or,
    # having seen it made, are told to pick it from the list.
    assert {response.status_code for response in responses} <= {200, 422}
    assert models.Question.objects.filter(text="How many bridges reopened?").count() == 1
    claim.refresh_from_db()
    assert claim.question.text == "How many bridges reopened?"
    for response in responses:
        if response.status_code == 422:
            assert "This question exists already" in response.text


def test_a_claim_deleted_many_times_at_once_is_deleted_once(editor_client):
    claim = ClaimFactory()
    url = reverse("delete_claim", args=[claim.pk])
    responses = at_once(editor_client, url, {})
    assert {response.status_code for response in responses} <= {200, 404}
    assert not models.Claim.objects.filter(pk=claim.pk).exists()
    assert models.Claim.history.filter(id=claim.pk, history_type="-").count() == 1


def test_one_new_source_sent_many_times_at_once_is_made_once(editor_client):
    claim = ClaimFactory()
    url = reverse("add_attribution", args=[claim.pk])
    data = {
        "new_source_name": "Oleksandr Syrskyi",
        "new_source_kind": "person",
        "q": "Oleksandr Syrskyi",
        "role": "Commander-in-Chief",
        "mode": "paraphrase",
    }
    responses = at_once(editor_client, url, data)
    assert {response.status_code for response in responses} == {200}
    assert models.Source.objects.filter(name="Oleksandr Syrskyi").count() == 1
    assert claim.attributions.get().source.name == "Oleksandr Syrskyi"
    assert any("Attributed to Oleksandr Syrskyi already." in r["HX-Trigger"] for r in responses)
