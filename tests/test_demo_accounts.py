import re

import pytest
from django.contrib.auth import authenticate as sign_in
from django.core.management import call_command
from django.test import RequestFactory

from claims import roles

pytestmark = pytest.mark.django_db


def authenticate(username: str, password: str):
    # The sign-in throttle (django-axes) needs the request a sign-in comes with.
    return sign_in(RequestFactory().post("/accounts/login/"), username=username, password=password)


def test_demo_accounts_are_created_in_their_roles_with_printed_passwords(capsys):
    call_command("demo_accounts")
    printed = capsys.readouterr().out
    found = dict(re.findall(r"^\s+(\w+)\s+\w+\s+password: (\S+)$", printed, re.MULTILINE))
    assert set(found) == {"editor", "curator", "viewer"}
    expected_groups = {"editor": roles.EDITORS, "curator": roles.CURATORS, "viewer": roles.VIEWERS}
    for username, password in found.items():
        user = authenticate(username=username, password=password)
        assert user is not None, username
        assert [g.name for g in user.groups.all()] == [expected_groups[username]]
        assert user.is_staff == (username == "curator")
        assert not user.is_superuser


def test_running_again_resets_the_passwords_and_keeps_one_account_each(capsys):
    call_command("demo_accounts", "--password", "first-demo-pass")
    call_command("demo_accounts", "--password", "second-demo-pass")
    assert authenticate(username="editor", password="first-demo-pass") is None
    assert authenticate(username="editor", password="second-demo-pass") is not None
