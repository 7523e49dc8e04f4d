"""The curators' merge page proposes the source to keep, and says why."""

import datetime as dt
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from claims import models
from claims.factories import AttributionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def source(name: str, claims: int = 0, *, reviewed: bool = False, days_old: int = 0):
    made = SourceFactory(
        name=name,
        created_at=timezone.now() - dt.timedelta(days=days_old),
        reviewed_at=timezone.now() if reviewed else None,
    )
    for _ in range(claims):
        AttributionFactory(source=made)
    return made


def merge_page(client, *sources) -> str:
    response = client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_into", ACTION_CHECKBOX_NAME: [s.pk for s in sources]},
    )
    assert response.status_code == 200
    return response.text


def chosen(text: str) -> int:
    """The source whose radio button is checked, and check there is only one."""
    checked = re.findall(r'<input type="radio" name="kept" value="(\d+)"[^>]*checked', text)
    assert len(checked) == 1
    return int(checked[0])


def why(text: str) -> str:
    found = re.search(r'<p id="why-kept">(.*?)</p>', text, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_source_with_most_claims_is_proposed_whatever_its_name(curator_client):
    one = source("Aaron Abbot", 1, reviewed=True, days_old=30)
    most = source("Zelenskyy", 3)
    two = source("Mr Zelensky", 2)
    text = merge_page(curator_client, one, most, two)
    assert chosen(text) == most.pk
    assert why(text) == "Proposed to keep: Zelenskyy — it has 3 claims; the others have 2 and 1."


def test_between_as_many_claims_the_reviewed_source_is_proposed(curator_client):
    older = source("Aaron Abbot", 2, days_old=30)
    reviewed = source("Zelenskyy", 2, reviewed=True)
    text = merge_page(curator_client, older, reviewed)
    assert chosen(text) == reviewed.pk
    assert why(text) == (
        "Proposed to keep: Zelenskyy — it has as many claims (2) as “Aaron Abbot”, "
        "and a curator has reviewed it."
    )


def test_between_equals_the_oldest_source_is_proposed(curator_client):
    newer = source("Aaron Abbot", 1)
    oldest = source("Zelenskyy", 1, days_old=400)
    text = merge_page(curator_client, newer, oldest)
    assert chosen(text) == oldest.pk
    assert "was created first" in why(text)


def test_the_curator_may_keep_another_source_than_the_one_proposed(curator_client):
    few, many = source("Mr Zelensky", 1), source("Zelenskyy", 2)
    curator_client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_into", ACTION_CHECKBOX_NAME: [few.pk, many.pk], "kept": few.pk,
         "confirm": "yes"},
    )  # fmt: skip
    assert not models.Source.objects.filter(pk=many.pk).exists()
    assert models.Attribution.objects.filter(source=few).count() == 3
