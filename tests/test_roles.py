"""What each role may do, as the groups created by the migration say."""

import pytest

pytestmark = pytest.mark.django_db


def test_viewers_only_read(viewer):
    assert viewer.has_perm("claims.view_claim")
    assert viewer.has_perm("claims.view_source")
    assert not viewer.has_perm("claims.change_claim")
    assert not viewer.has_perm("claims.add_note")


def test_editors_work_on_claims_and_may_create_but_not_curate_sources(editor):
    for perm in (
        "add_claim",
        "change_claim",
        "add_note",
        "add_verdict",
        "add_link",
        "add_question",
    ):
        assert editor.has_perm(f"claims.{perm}"), perm
    assert editor.has_perm("claims.add_source")
    assert not editor.has_perm("claims.change_source")
    assert not editor.has_perm("claims.delete_source")
    assert not editor.has_perm("claims.change_rating")


def test_curators_also_keep_sources_and_the_rating_scale(curator):
    for perm in (
        "change_source",
        "delete_source",
        "change_sourcealias",
        "change_rating",
        "change_claim",
    ):
        assert curator.has_perm(f"claims.{perm}"), perm
    assert curator.is_staff and not curator.is_superuser
