"""Shared fixtures: users in each role, and clients signed in as them."""

import pytest
from django.test import Client

from claims import roles
from claims.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    # Background tasks run in the test's own process as they are enqueued;
    # tests/test_redis_queue.py runs them through a real queue and worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def viewer(db):
    return UserFactory(username="vera.viewer", role=roles.VIEWERS)


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie.editor", role=roles.EDITORS)


@pytest.fixture
def curator(db):
    return UserFactory(username="cora.curator", role=roles.CURATORS)


@pytest.fixture
def superuser(db):
    return UserFactory(username="sam.super", is_staff=True, is_superuser=True)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(viewer):
    return _signed_in(viewer)


@pytest.fixture
def editor_client(editor):
    return _signed_in(editor)


@pytest.fixture
def curator_client(curator):
    return _signed_in(curator)


pytest_plugins = ["tests.webserver"]
