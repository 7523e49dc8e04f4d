"""Web addresses (evidence links, article addresses): http and https only,
stored in one normal form, from every way in."""

import importlib
import json

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.test import RequestFactory
from django.urls import reverse

from claims import models
from claims.domain.weburls import NotAWebAddress, normalise
from claims.factories import ArticleFactory, ClaimFactory, EvidenceFactory, VerdictFactory
from claims.importing import import_file
from tests.test_editor_views import HTMX


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("HTTPS://News.Example/A", "https://news.example/A"),
        ('https://news.example/a"b<c>d', "https://news.example/a%22b%3Cc%3Ed"),
        ('https://news.example/?q=<x>#"top"', "https://news.example/?q=%3Cx%3E#%22top%22"),
        ("https://news.example/a b", "https://news.example/a%20b"),
        ("https://news.example/100%", "https://news.example/100%25"),
        ("https://news.example/caf%C3%A9", "https://news.example/caf%C3%A9"),
        ("http://bücher.example:80/", "http://xn--bcher-kva.example/"),
        ("https://news.example:8443/x", "https://news.example:8443/x"),
    ],
)
def test_addresses_are_normalised(typed, stored):
    assert normalise(typed) == stored
    assert normalise(stored) == stored


@pytest.mark.parametrize(
    "typed",
    ["ftp://files.example/a", "javascript:alert(1)", "https://", "news.example", "mailto:a@b.example",
     "https://user:secret@news.example/", "https://exa mple.org/"],
)  # fmt: skip
def test_other_schemes_and_hostless_addresses_are_refused(typed):
    with pytest.raises(NotAWebAddress):
        normalise(typed)


@pytest.mark.django_db
def test_evidence_links_are_stored_normalised_and_shown_escaped_once(editor_client):
    claim = ClaimFactory()
    rating = models.Rating.objects.get(slug="false")
    response = editor_client.post(
        reverse("save_verdict", args=[claim.pk]),
        {"rating": rating.pk, "reasoning": "Wrong.", "evidence": 'HTTPS://Proof.Example/a"<b>'},
        **HTMX,
    )
    assert response.status_code == 200
    assert list(models.Evidence.objects.values_list("url", flat=True)) == [
        "https://proof.example/a%22%3Cb%3E"
    ]
    api = editor_client.get(f"/api/claims/{claim.pk}/").json()
    assert api["verdict"]["evidence"] == ["https://proof.example/a%22%3Cb%3E"]


@pytest.mark.django_db
def test_an_ftp_evidence_link_is_refused_and_nothing_stored(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("save_verdict", args=[claim.pk]),
        {"rating": models.Rating.objects.get(slug="false").pk, "reasoning": "Wrong.",
         "evidence": "ftp://files.example/report.pdf"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 422
    assert "Not a web address: ftp://files.example/report.pdf" in response.text
    assert not models.Verdict.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_ftp_and_normalises_what_it_keeps(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    article = ArticleFactory()
    form_class = admin.site.get_model_admin(models.Article).get_form(request, article)
    data = {
        "outlet": article.outlet_id, "title": article.title, "body": article.body,
        "language": "en", "authors": "", "published_on": "", "version": article.version,
    }  # fmt: skip
    refused = form_class({**data, "url": "ftp://files.example/story"}, instance=article)
    assert not refused.is_valid()
    assert "only http:// and https:// links are kept" in str(refused.errors["url"])
    kept = form_class({**data, "url": "HTTPS://News.Example/story<1>"}, instance=article)
    kept.is_valid()
    assert kept.cleaned_data["url"] == "https://news.example/story%3C1%3E"


@pytest.mark.django_db
def test_the_models_refuse_other_schemes_and_unnormalised_addresses():
    evidence = models.Evidence(verdict=VerdictFactory(), url="ftp://files.example/a", title="x")
    with pytest.raises(ValidationError):
        evidence.full_clean()
    evidence.url = 'https://proof.example/"a"'
    with pytest.raises(ValidationError, match="Write this address as"):
        evidence.full_clean()
    form = modelform_factory(models.Evidence, fields=["url"])({"url": 'https://proof.example/"a"'})
    assert form.is_valid() and form.cleaned_data["url"] == "https://proof.example/%22a%22"


@pytest.mark.django_db
def test_imported_review_addresses_are_normalised():
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "HTTPS://Checks.Example/review<1>",
        "claimReviewed": "The bridge was built in a week.",
        "author": {"@type": "Organization", "name": "Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    outcomes = import_file("one.json", json.dumps(review).encode(), by=None)
    assert [outcome.status for outcome in outcomes] == ["imported"]
    assert outcomes[0].article.url == "https://checks.example/review%3C1%3E"
    assert list(models.Evidence.objects.values_list("url", flat=True)) == [
        "https://checks.example/review%3C1%3E"
    ]


@pytest.mark.django_db
def test_addresses_stored_before_are_normalised_by_the_migration():
    from django.apps import apps

    migration = importlib.import_module("claims.migrations.0020_hardening")
    article = ArticleFactory(url='https://news.example/a"b')
    ArticleFactory(url="https://news.example/taken%3C")
    kept = ArticleFactory(url="https://news.example/taken<")  # its normal form is taken
    evidence = EvidenceFactory(url="https://proof.example/<x>")
    odd = EvidenceFactory(url="ftp://files.example/a b")
    migration.normalise_stored_addresses(apps, None)
    for row in (article, kept, evidence, odd):
        row.refresh_from_db()
    assert article.url == "https://news.example/a%22b"
    assert kept.url == "https://news.example/taken<"
    assert evidence.url == "https://proof.example/%3Cx%3E"
    assert odd.url == "ftp://files.example/a b"
