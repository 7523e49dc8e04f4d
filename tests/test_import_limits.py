"""The import page works in the request: it takes a bounded number of articles
and reviews per upload, and says how to bring in more."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims import importing, models
from claims.factories import OutletFactory

pytestmark = pytest.mark.django_db


def reviews_file(count: int, first: int = 0) -> bytes:
    """A ClaimReview file with `count` reviews, each with its own address."""
    reviews = [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://checks.example/reviews/{n}",
            "claimReviewed": f"Claim number {n} about the bridge.",
            "author": {"@type": "Organization", "name": "Checks"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        }
        for n in range(first, first + count)
    ]
    return json.dumps(reviews).encode()


def test_an_upload_with_too_many_reviews_is_refused_with_what_to_do(editor_client):
    data = reviews_file(3000)
    assert len(data) > 500_000
    response = editor_client.post(
        reverse("import_articles"),
        {"kind": "auto", "files": SimpleUploadedFile("many.json", data)},
    )
    assert response.status_code == 422
    assert "many.json holds 3,000 reviews; one upload takes at most 200" in response.text
    assert "Split the file" in response.text and "import_articles" in response.text
    assert not models.Article.objects.exists() and not models.Claim.objects.exists()


def test_an_upload_up_to_the_limit_is_imported(editor_client, monkeypatch):
    monkeypatch.setattr(importing, "UPLOAD_MAX_ITEMS", 3)
    monkeypatch.setattr("claims.views.imports.UPLOAD_MAX_ITEMS", 3)
    response = editor_client.post(
        reverse("import_articles"),
        {
            "kind": "auto",
            "files": [
                SimpleUploadedFile("two.json", reviews_file(2)),
                SimpleUploadedFile("two-more.json", reviews_file(2, first=2)),
            ],
        },
    )
    # The first file fits; the second would take the upload past three.
    assert response.status_code == 200
    assert models.Claim.objects.count() == 2
    assert "two-more.json holds 2 reviews; one upload takes at most 3 (1 more in this batch)" in (
        response.text
    )


def test_the_command_has_no_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "UPLOAD_MAX_ITEMS", 2)
    path = tmp_path / "five.json"
    path.write_bytes(reviews_file(5))
    OutletFactory(name="Checks")
    call_command("import_articles", str(path), stdout=io.StringIO())
    assert models.Claim.objects.count() == 5
