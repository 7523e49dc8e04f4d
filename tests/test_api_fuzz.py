"""A schema-driven fuzz test of the API: schemathesis generates requests from
the OpenAPI description and checks that no response is a server error or
breaks the description.

The operations are driven through Hypothesis directly rather than through
schemathesis's pytest plugin, which does not run under pytest 9.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from claims.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_app():
    """Django's handler, minus the end-of-request connection clean-up: the test
    runs inside a transaction, and closing its connection there would end the
    test's database session (Django's own test client disconnects it too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, wsgi_app):
    call_command("loaddata", "demo", verbosity=0)
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_the_api_keeps_to_its_description(api_schema):
    token = Token.objects.create(user=UserFactory(username="api.reader", role="Viewers")).key
    found = operations(api_schema)
    labels = {operation.label for operation in found}
    assert {"GET /api/claims/", "GET /api/claims/{id}/", "GET /api/sources/"} <= labels
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def keeps_to_the_description(case):
            case.call_and_validate(headers={"Authorization": f"Token {token}"})

        keeps_to_the_description()
