"""Too many failed sign-ins lock the account out from that address for a while."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

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


def sign_in_from(address: str, password: str, **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        "/accounts/login/", {"username": "eddie.editor", "password": password}
    )


def test_many_addresses_guessing_at_one_account_pause_it_briefly(settings):
    UserFactory(username="eddie.editor", role="Editors")
    # Four wrong guesses from each of many addresses: no address reaches its own limit.
    statuses = [
        sign_in_from(f"198.51.100.{n}", "wrong").status_code for n in range(20) for _ in range(4)
    ]
    assert statuses[: settings.ACCOUNT_FAILURE_LIMIT] == [200] * settings.ACCOUNT_FAILURE_LIMIT
    assert set(statuses[settings.ACCOUNT_FAILURE_LIMIT :]) == {429}
    paused = sign_in_from("192.0.2.7", "correct horse battery staple")
    assert paused.status_code == 429
    assert "from several places, so it is paused for 1 minute." in paused.text


class Clock:
    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def tick(self, seconds: int) -> None:
        self.now += dt.timedelta(seconds=seconds)


def test_the_pause_is_short_and_grows_with_more_failures(settings, monkeypatch):
    freezer = Clock(monkeypatch)
    UserFactory(username="eddie.editor", role="Editors")
    for n in range(settings.ACCOUNT_FAILURE_LIMIT):
        sign_in_from(f"198.51.100.{n}", "wrong")
    assert sign_in_from("192.0.2.7", "wrong").status_code == 429
    freezer.tick(61)
    # After a minute the account takes tries again; more failures, longer pauses.
    for n in range(settings.ACCOUNT_FAILURE_STEP - 1):
        assert sign_in_from(f"203.0.113.{n}", "wrong").status_code == 200
        freezer.tick(61)
    assert sign_in_from("192.0.2.7", "wrong").status_code == 200
    paused = sign_in_from("192.0.2.8", "correct horse battery staple")
    assert paused.status_code == 429 and "paused for 2 minutes" in paused.text
    freezer.tick(121)
    assert sign_in_from("192.0.2.8", "correct horse battery staple").status_code == 302


def test_a_forged_forwarded_header_does_not_make_new_addresses():
    UserFactory(username="eddie.editor", role="Editors")
    for n in range(4):
        sign_in_from("192.0.2.1", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    locked = sign_in_from("192.0.2.1", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert locked.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(username="eddie.editor", role="Editors")
    proxy = "10.0.0.2"
    for _ in range(5):
        sign_in_from(proxy, "wrong", HTTP_X_FORWARDED_FOR="forged, 198.51.100.1")
    # That client is locked out; another behind the same proxy is not.
    assert sign_in_from(proxy, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    other = sign_in_from(proxy, "correct horse battery staple", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302
