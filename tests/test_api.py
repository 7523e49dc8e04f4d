"""The read-only JSON API: what it shows, who may see it, its pages and filters."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from claims import models
from claims.factories import AttributionFactory, ClaimFactory, QuantityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("loaddata", "demo", verbosity=0)


def test_a_claim_carries_its_anchor_figure_attributions_and_verdict(viewer_client, demo):
    claim = models.Claim.objects.get(quantity__wording="1,500 or 12,000")
    data = viewer_client.get(f"/api/claims/{claim.pk}/").json()
    assert data["anchor"] == {
        "quote": claim.quote, "prefix": claim.prefix, "suffix": claim.suffix,
        "start": claim.start, "end": claim.end,
    }  # fmt: skip
    assert data["quantity"]["low"] == 1500 and data["quantity"]["high"] == 12000
    assert data["quantity"]["qualifier"] == "either_or"
    assert data["attributions"][0]["source"]["name"] == "Boris Pistorius"
    assert data["attributions"][0]["role"] == "German Defense Minister"
    published = models.Claim.objects.get(verdict__isnull=False)
    verdict = viewer_client.get(f"/api/claims/{published.pk}/").json()["verdict"]
    assert verdict["rating"] == {"slug": "accurate", "label": "Accurate", "value": 5}
    assert verdict["evidence"]


def test_lists_filter_and_page_with_cursors(viewer_client, demo):
    first = viewer_client.get("/api/claims/", {"page_size": 10}).json()
    second = viewer_client.get(first["next"]).json()
    ids = [c["id"] for c in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 20
    assert ids == sorted(ids, reverse=True)
    rated = viewer_client.get("/api/claims/", {"status": "published"}).json()["results"]
    assert [c["status"] for c in rated] == ["published"]
    budanov = models.Source.objects.get(name="Kyrylo Budanov")
    by_source = viewer_client.get("/api/claims/", {"source": budanov.pk}).json()["results"]
    assert len(by_source) == 1 and "Kursk" in by_source[0]["anchor"]["quote"]
    zelensky = viewer_client.get("/api/sources/", {"q": "zelensky"}).json()["results"]
    assert [s["name"] for s in zelensky] == ["Volodymyr Zelenskyy"]
    assert "Zelensky" in zelensky[0]["aliases"]
    article = viewer_client.get("/api/articles/", {"q": "Israeli"}).json()["results"][0]
    assert "body" not in article
    assert viewer_client.get(f"/api/articles/{article['id']}/").json()["claim_count"] == 10
    assert (
        viewer_client.get(f"/api/articles/{article['id']}/")
        .json()["body"]
        .startswith("It is too soon")
    )
    questions = viewer_client.get("/api/questions/").json()["results"]
    assert {q["text"] for q in questions} >= {
        "How many North Korean troops has North Korea sent to Russia?"
    }


@pytest.mark.parametrize(
    "path", ["/api/claims/", "/api/articles/", "/api/sources/", "/api/questions/"]
)
def test_a_nul_in_a_filter_is_dropped_and_a_bad_choice_refused_as_described(
    viewer_client, demo, path
):
    field = {"/api/claims/": "status", "/api/sources/": "kind", "/api/questions/": "unit"}
    if path in field:
        choice = {
            "/api/claims/": "published",
            "/api/sources/": "person",
            "/api/questions/": "count",
        }
        clean = viewer_client.get(path, {field[path]: choice[path]}).json()["results"]
        nul = viewer_client.get(path, {field[path]: choice[path] + "\x00"})
        assert nul.status_code == 200 and nul.json()["results"] == clean != []
        refused = viewer_client.get(path, {field[path]: "no-such-choice"})
        assert refused.status_code == 400 and field[path] in refused.json()
    nothing = viewer_client.get(path, {"q": "\x00zz\x00qq"} if path != "/api/questions/" else {})
    assert nothing.status_code == 200
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    assert "400" in schema["paths"][path]["get"]["responses"]


def test_tokens_issued_in_the_admin_open_the_api(demo):
    viewer = UserFactory(role="Viewers")
    token = Token.objects.create(user=viewer)
    client = Client()
    refused = client.get("/api/claims/")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    response = client.get("/api/claims/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["results"]
    assert client.get("/api/claims/", HTTP_AUTHORIZATION="Token not-a-token").status_code == 401


def test_a_signed_in_user_without_a_role_sees_nothing(demo):
    client = Client()
    client.force_login(UserFactory(username="no.role"))
    assert client.get("/api/claims/").status_code == 403


def test_the_api_is_read_only(editor_client, demo):
    claim = models.Claim.objects.first()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(editor_client, method)(
            f"/api/claims/{claim.pk}/", {}, content_type="application/json"
        )
        assert response.status_code == 405, method
    assert models.Claim.objects.filter(pk=claim.pk).exists()


def test_the_openapi_description_is_public_and_describes_every_list():
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/claims/",
        "/api/claims/{id}/",
        "/api/articles/",
        "/api/sources/",
        "/api/questions/",
    ):
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert {"cursor", "status", "source", "question", "article", "outlet"} <= parameters


def test_list_pages_cost_the_same_whatever_their_length(viewer_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer_client.get("/api/claims/").status_code == 200
        return len(captured)

    claim = ClaimFactory()
    AttributionFactory(claim=claim)
    QuantityFactory(claim=ClaimFactory())
    few = queries()
    for _ in range(15):
        AttributionFactory(claim=ClaimFactory())
        QuantityFactory(claim=ClaimFactory())
    assert queries() == few
