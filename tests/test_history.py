"""Nothing lost: every write is in the history, a version can be restored, a
deleted claim comes back with its parts."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from claims import factories, models
from claims.history import claim_history, restore_deleted_claim
from claims.services import merge_sources

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

TRACKED = {
    models.Source: factories.SourceFactory,
    models.SourceAlias: factories.SourceAliasFactory,
    models.Article: factories.ArticleFactory,
    models.Question: factories.QuestionFactory,
    models.Claim: factories.ClaimFactory,
    models.Attribution: factories.AttributionFactory,
    models.Conduit: factories.ConduitFactory,
    models.Quantity: factories.QuantityFactory,
    models.Link: factories.LinkFactory,
    models.Note: factories.NoteFactory,
    models.Verdict: factories.VerdictFactory,
    models.Evidence: factories.EvidenceFactory,
}
# A text field of each model that can change freely.
TEXT = {
    models.Source: "description", models.SourceAlias: "name", models.Article: "authors",
    models.Question: "counted", models.Claim: "statement", models.Attribution: "role",
    models.Conduit: "label", models.Quantity: "wording", models.Link: "reason",
    models.Note: "body", models.Verdict: "reasoning", models.Evidence: "title",
}  # fmt: skip


def kinds(model, pk) -> list[str]:
    return list(
        model.history.filter(id=pk)
        .order_by("history_date", "history_id")
        .values_list("history_type", flat=True)
    )


@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m.__name__)
def test_no_write_path_escapes_the_history(model):
    factory = TRACKED[model]
    field = TEXT[model]
    obj = factory()
    assert kinds(model, obj.pk) == ["+"]

    setattr(obj, field, "changed by save")
    obj.save()
    model.objects.filter(pk=obj.pk).update(**{field: "changed by update"})
    obj.refresh_from_db()
    setattr(obj, field, "changed by bulk_update")
    model.objects.bulk_update([obj], [field])
    assert kinds(model, obj.pk) == ["+", "~", "~", "~"]
    values = list(
        model.history.filter(id=obj.pk)
        .order_by("history_date", "history_id")
        .values_list(field, flat=True)
    )
    assert values[1:] == ["changed by save", "changed by update", "changed by bulk_update"]

    model.objects.filter(pk=obj.pk).delete()
    assert kinds(model, obj.pk)[-1] == "-"

    fields = {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in {"id", "uid"}
    }
    created = model.objects.bulk_create([model(**fields)])[0]
    assert kinds(model, created.pk) == ["+"]


def test_who_changed_what_comes_from_the_signed_in_editor(editor_client, editor):
    claim = factories.ClaimFactory()
    editor_client.post(
        reverse("add_note", args=[claim.pk]), {"body": "Checked with the ministry."}, **HTMX
    )
    note = models.Note.objects.get()
    assert note.history.get().history_user == editor


def test_admin_actions_and_merges_are_recorded(curator_client, curator):
    source = factories.SourceFactory(name="Budanov")
    curator_client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "mark_reviewed", ACTION_CHECKBOX_NAME: [source.pk]},
    )
    latest = source.history.latest("history_date")
    assert (
        latest.history_type == "~"
        and latest.reviewed_at is not None
        and latest.history_user == curator
    )
    kept, duplicate = factories.SourceFactory(name="Kyrylo Budanov"), source
    attribution = factories.AttributionFactory(source=duplicate)
    merge_sources(kept, [duplicate])
    assert attribution.history.latest("history_date").source_id == kept.pk
    assert models.Source.history.filter(id=duplicate.pk, history_type="-").exists()


def test_the_claim_history_shows_readable_changes(editor_client):
    claim = factories.ClaimFactory(statement="North Korea has sent 3,000 troops.")
    claim.statement = "North Korea has sent 10,000 troops to Russia."
    claim.save()
    factories.NoteFactory(claim=claim, body="A note.")
    entries = claim_history(claim)
    changed = next(e for e in entries if e.what == "claim" and e.action == "changed")
    (change,) = changed.changes
    assert (change.field, change.before, change.after) == (
        "Statement", "North Korea has sent 3,000 troops.", "North Korea has sent 10,000 troops to Russia.",
    )  # fmt: skip
    assert any(e.what == "note" and e.action == "created" for e in entries)
    page = editor_client.get(reverse("claim_history", args=[claim.pk]), **HTMX)
    assert "<del>North Korea has sent 3,000 troops.</del>" in page.text


def test_an_editor_restores_an_earlier_version(editor_client):
    claim = factories.ClaimFactory(statement="First wording.", kind="event")
    factories.QuantityFactory(claim=claim, wording="3,000")
    claim.save()  # the version to come back to: first wording, with its figure
    claim.statement, claim.kind = "Second wording.", "quantity"
    claim.save()
    models.Quantity.objects.filter(claim=claim).delete()
    first = claim.history.order_by("history_date", "history_id")[1]
    response = editor_client.post(reverse("restore_version", args=[claim.pk, first.history_id]))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.kind) == ("First wording.", "event")
    assert claim.quantity.wording == "3,000"
    assert claim.history.latest("history_date").history_type == "~"


def test_a_deleted_claim_comes_back_with_everything_deleted_with_it(editor_client, curator_client):
    claim = factories.ClaimFactory(statement="To be deleted.")
    attribution = factories.AttributionFactory(claim=claim)
    conduit = factories.ConduitFactory(attribution=attribution)
    quantity = factories.QuantityFactory(claim=claim)
    note = factories.NoteFactory(claim=claim)
    verdict = factories.VerdictFactory(claim=claim)
    evidence = factories.EvidenceFactory(verdict=verdict)
    other = factories.ClaimFactory()
    link = factories.LinkFactory(from_claim=claim, to_claim=other)
    ids = {m: o.pk for m, o in [(models.Claim, claim), (models.Attribution, attribution), (models.Conduit, conduit),
           (models.Quantity, quantity), (models.Note, note), (models.Verdict, verdict), (models.Evidence, evidence),
           (models.Link, link)]}  # fmt: skip

    response = editor_client.post(reverse("delete_claim", args=[claim.pk]))
    assert response.status_code == 302
    assert not any(model.objects.filter(pk=pk).exists() for model, pk in ids.items())

    listing = curator_client.get(reverse("deleted_claims"))
    assert "To be deleted." in listing.text
    record = models.Claim.history.get(id=claim.pk, history_type="-")
    assert (
        editor_client.post(reverse("restore_deleted_claim", args=[record.history_id])).status_code
        == 403
    )
    response = curator_client.post(reverse("restore_deleted_claim", args=[record.history_id]))
    assert response.status_code == 302
    for model, pk in ids.items():
        assert model.objects.filter(pk=pk).exists(), model.__name__
    assert "To be deleted." not in curator_client.get(reverse("deleted_claims")).text
    assert models.Claim.objects.get(pk=claim.pk).attributions.get().chain.get().pk == conduit.pk


def test_a_claim_whose_article_is_gone_waits_for_the_article():
    claim = factories.ClaimFactory()
    article = claim.article
    article.delete()
    record = models.Claim.history.get(id=claim.pk, history_type="-")
    with pytest.raises(Exception, match="restore the article first"):
        restore_deleted_claim(record.history_id)


def test_restoring_keeps_a_figure_whose_past_was_never_recorded(editor_client):
    claim = factories.ClaimFactory(statement="First wording.")
    claim.save()
    claim.statement = "Second wording."
    claim.save()
    # A figure that came in without history (loaded from a fixture).
    models.Quantity.objects.create(claim=claim, wording="3,000", low=3000, high=3000)
    models.Quantity.history.filter(claim_id=claim.pk).delete()
    first = claim.history.order_by("history_date", "history_id")[0]
    editor_client.post(reverse("restore_version", args=[claim.pk, first.history_id]))
    claim.refresh_from_db()
    assert claim.statement == "First wording."
    assert models.Quantity.objects.get(claim=claim).wording == "3,000"
