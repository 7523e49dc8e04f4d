"""The queue and a question page as CSV, with what the filters select."""

import csv
import io

import pytest
from django.core.management import call_command

from claims import models
from claims.factories import AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def table(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_queue_exports_every_claim_its_filters_select(editor_client):
    call_command("loaddata", "demo", verbosity=0)
    response = editor_client.get("/queue/export.csv", {"status": "not_checkable"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="review-queue.csv"' in response["Content-Disposition"]
    rows = table(response)
    assert len(rows) == models.Claim.objects.filter(status="not_checkable").count() > 10
    assert {row["status"] for row in rows} == {"not checkable"}
    everything = table(editor_client.get("/queue/export.csv"))
    assert len(everything) == models.Claim.objects.count()
    pistorius = next(row for row in everything if row["sources"] == "Boris Pistorius")
    assert (pistorius["low"], pistorius["high"], pistorius["qualifier"]) == (
        "1500",
        "12000",
        "either/or",
    )


def test_a_question_exports_its_claims_side_by_side(editor_client):
    call_command("loaddata", "demo", verbosity=0)
    question = models.Question.objects.get(text__startswith="How many North Korean troops")
    rows = table(editor_client.get(f"/questions/{question.pk}/export.csv"))
    assert sorted(row["figure as written"] for row in rows) == [
        "1,500 or 12,000",
        "10,000",
        "3,000",
    ]
    conflicting = {row["figure as written"]: row["conflicting"] for row in rows}
    assert conflicting == {"3,000": "yes", "10,000": "yes", "1,500 or 12,000": "no"}


def test_text_a_spreadsheet_would_run_is_neutralised(editor_client):
    claim = ClaimFactory(statement='=HYPERLINK("http://evil.example","click")')
    AttributionFactory(claim=claim, source=SourceFactory(name="@SUM(A1:A9)"))
    (row,) = table(editor_client.get("/queue/export.csv"))
    assert row["statement"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["sources"] == "'@SUM(A1:A9)"


def test_exports_need_sign_in(client):
    assert client.get("/queue/export.csv").status_code == 302
