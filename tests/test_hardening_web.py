"""Security headers and policy where the app's own middleware does not reach:
static files, and the admin's history pages from django-simple-history."""

import pytest
from django.urls import reverse

from claims.factories import ClaimFactory
from tests.test_csp import Markup

pytestmark = pytest.mark.django_db


def test_static_files_carry_the_security_headers(client):
    response = client.get("/static/newsclaims.css")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_history_pages_keep_to_the_policy(curator_client):
    claim = ClaimFactory(statement="The bridge reopened.")
    claim.statement = "The bridge reopened in May."
    claim.save()
    record = claim.history.order_by("history_id").first()
    for url in (
        reverse("admin:claims_claim_history", args=[claim.pk]),
        reverse("admin:claims_claim_simple_history", args=[claim.pk, record.history_id]),
    ):
        response = curator_client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        markup = Markup()
        markup.feed(response.content.decode())
        assert markup.style_attributes == [], url
        assert markup.handlers == [], url
        assert markup.style_elements == 0, url
