"""Too many failed sign-ins lock the account out from that address for a while."""

import pytest
from django.test import Client

from claims.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, password: str):
    return client.post("/accounts/login/", {"username": "eddie.editor", "password": password})


def test_five_failures_lock_out_with_a_clear_message(settings):
    UserFactory(username="eddie.editor", role="Editors")
    client = Client()
    for _ in range(4):
        response = sign_in(client, "wrong")
        assert response.status_code == 200 and "correct username and password" in response.text
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.text and "fifteen minutes" in locked.text
    # Even the right password waits out the lockout.
    assert sign_in(client, "correct horse battery staple").status_code == 429


def test_a_successful_sign_in_resets_the_count():
    UserFactory(username="eddie.editor", role="Editors")
    client = Client()
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "correct horse battery staple").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
