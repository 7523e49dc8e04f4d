"""Two people saving the same source, article or claim in the admin: the second
is shown what the first changed, keeps what they typed, and may save again."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import models
from claims.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def source_form(source, **changes) -> dict:
    data = {
        "name": source.name, "kind": source.kind, "organisation_type": "", "description": source.description,
        "affiliation": "", "country": source.country, "wikidata_id": "", "assessment": source.assessment,
        "assessment_note": "", "seen_version": source.version,
        "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0,
    }  # fmt: skip
    return {**data, **changes}


def test_the_second_curator_sees_the_first_ones_change_and_keeps_their_own(curator_client):
    source = SourceFactory(name="Kyrylo Budanov", description="", country="UA")
    url = reverse("admin:claims_source_change", args=[source.pk])
    first, second = (
        source_form(source, description="Head of HUR."),
        source_form(source, assessment="reliable"),
    )
    other = Client()
    other.force_login(UserFactory(username="cora.two", role="Curators"))
    assert other.post(url, first).status_code == 302

    refused = curator_client.post(url, second)
    assert refused.status_code == 200
    assert "saved this after you opened it" in refused.text
    assert "Description: — → Head of HUR." in refused.text
    assert 'value="reliable" selected' in refused.text  # what this curator chose is still chosen
    source.refresh_from_db()
    assert (source.description, source.assessment) == ("Head of HUR.", "unassessed")

    # Saving again from the form as it came back is a deliberate overwrite.
    again = curator_client.post(
        url, {**second, "seen_version": source.version, "description": "Head of HUR."}
    )
    assert again.status_code == 302
    source.refresh_from_db()
    assert (source.description, source.assessment) == ("Head of HUR.", "reliable")


def test_a_lone_curator_saves_without_friction(curator_client):
    source = SourceFactory(name="Lloyd Austin")
    url = reverse("admin:claims_source_change", args=[source.pk])
    assert (
        curator_client.post(
            url, source_form(source, description="US Defense Secretary")
        ).status_code
        == 302
    )
    assert models.Source.objects.get(pk=source.pk).description == "US Defense Secretary"
