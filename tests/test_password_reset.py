"""Forgotten passwords: a link by email, a new password, signed in with it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from claims.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_links_to_the_reset(client):
    page = client.get(reverse("login")).text
    assert f'href="{reverse("password_reset")}"' in page


def test_a_forgotten_password_is_reset_by_email_end_to_end(client):
    UserFactory(username="eddie.editor", email="eddie@newsroom.example", role="Editors")
    asked = client.post(reverse("password_reset"), {"email": "eddie@newsroom.example"})
    assert asked.status_code == 302 and asked.url == reverse("password_reset_done")
    assert "Check your email" in client.get(asked.url).text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eddie@newsroom.example"]
    assert message.subject == "Reset your newsclaims password"
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    saved = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a river of quiet lamps", "new_password2": "a river of quiet lamps"},
    )
    assert saved.status_code == 302 and saved.url == reverse("password_reset_complete")
    assert "Password changed" in client.get(saved.url).text

    signed_in = client.post(
        reverse("login"), {"username": "eddie.editor", "password": "a river of quiet lamps"}
    )
    assert signed_in.status_code == 302
    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).text


def test_an_unknown_address_is_told_the_same_and_sent_nothing(client):
    asked = client.post(reverse("password_reset"), {"email": "nobody@newsroom.example"})
    assert asked.status_code == 302
    assert mail.outbox == []
