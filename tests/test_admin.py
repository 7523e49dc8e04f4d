"""The curators' admin: every page, who may see it, its query counts, the merge."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import models, services
from claims.factories import (
    ArticleFactory,
    ArticleRevisionFactory,
    AttributionFactory,
    ClaimFactory,
    ConduitFactory,
    EvidenceFactory,
    FeedFactory,
    LinkFactory,
    NoteFactory,
    OutletDomainFactory,
    OutletFactory,
    QuantityFactory,
    QuestionFactory,
    SourceAliasFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    models.Source: SourceFactory,
    models.SourceAlias: SourceAliasFactory,
    models.Article: ArticleFactory,
    models.Question: QuestionFactory,
    models.Claim: ClaimFactory,
    models.Attribution: AttributionFactory,
    models.Conduit: ConduitFactory,
    models.Quantity: QuantityFactory,
    models.Link: LinkFactory,
    models.Note: NoteFactory,
    models.Verdict: VerdictFactory,
    models.Evidence: EvidenceFactory,
    models.ArticleRevision: ArticleRevisionFactory,
    models.OutletDomain: OutletDomainFactory,
    models.Feed: FeedFactory,
    # Publications are made only by publishing.
    models.Publication: lambda: services.publish(VerdictFactory().claim, by=None),
}
CLAIMS_MODELS = [model for model in admin.site._registry if model._meta.app_label == "claims"]


def make_one(model):
    if model is models.Rating:
        return models.Rating.objects.get(slug="false")
    return FACTORIES[model]()


def admin_pages(model, obj) -> list[str]:
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = [
        reverse(f"{prefix}_changelist"),
        reverse(f"{prefix}_change", args=[obj.pk]),
        reverse(f"{prefix}_history", args=[obj.pk]),
    ]
    # Kept as written by corrections and by publishing.
    if model not in {models.ArticleRevision, models.Publication}:
        pages += [reverse(f"{prefix}_add"), reverse(f"{prefix}_delete", args=[obj.pk])]
    return pages


def test_every_model_of_the_domain_is_in_the_admin():
    registered = {model.__name__ for model in CLAIMS_MODELS}
    assert registered == {
        "Source", "SourceAlias", "Article", "Question", "Claim", "Attribution", "Conduit",
        "Quantity", "Link", "Note", "Rating", "Verdict", "Evidence", "ArticleRevision",
        "Publication", "OutletDomain", "Feed",
    }  # fmt: skip


@pytest.mark.parametrize("model", CLAIMS_MODELS, ids=lambda m: m.__name__)
def test_every_admin_page_renders_for_a_curator(curator_client, model):
    obj = make_one(model)
    for url in admin_pages(model, obj):
        response = curator_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", CLAIMS_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_are_refused_to_viewers_editors_and_anonymous_users(
    client, viewer_client, editor_client, model
):
    obj = make_one(model)
    for url in admin_pages(model, obj):
        for who in (client, viewer_client, editor_client):
            response = who.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url


def test_the_admin_index_lists_the_domain_for_a_curator(curator_client):
    response = curator_client.get(reverse("admin:index"))
    assert response.status_code == 200
    for label in ("Sources", "Articles", "Claims", "Verdicts"):
        assert label in response.text


# Fixed query counts -------------------------------------------------------------


def _populate(rows: int) -> None:
    for _ in range(rows):
        verdict = VerdictFactory()
        claim = verdict.claim
        source = SourceFactory(affiliation=SourceFactory(kind="organisation"))
        attribution = AttributionFactory(claim=claim, source=source)
        ConduitFactory(attribution=attribution)
        AttributionFactory(claim=claim)
        QuantityFactory(claim=ClaimFactory(article=claim.article, question=QuestionFactory()))
        SourceAliasFactory(source=source)
        LinkFactory(from_claim=claim)
        NoteFactory(claim=claim)
        EvidenceFactory(verdict=verdict)
        ArticleRevisionFactory(article=claim.article)
        OutletDomainFactory(outlet=claim.article.outlet)
        FeedFactory(outlet=claim.article.outlet)
        services.publish(claim, by=None)


def _changelist_queries(client, model) -> int:
    url = reverse(f"admin:claims_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", CLAIMS_MODELS, ids=lambda m: m.__name__)
def test_changelists_make_the_same_number_of_queries_whatever_the_row_count(curator_client, model):
    _populate(2)
    few = _changelist_queries(curator_client, model)
    _populate(8)
    many = _changelist_queries(curator_client, model)
    assert model.objects.count() >= 5 or model is models.Rating
    assert few == many, f"{model.__name__}: {few} queries with few rows, {many} with more"


# Merging sources ------------------------------------------------------------------


def test_merge_moves_everything_onto_the_kept_source_and_loses_nothing(curator_client):
    kept = SourceFactory(name="Volodymyr Zelenskyy", description="")
    duplicate = SourceFactory(
        name="Zelensky", description="President of Ukraine", wikidata_id="Q3881"
    )
    other_duplicate = SourceFactory(name="V. Zelenskiy")
    SourceAliasFactory(source=duplicate, name="Zelenskyi")
    SourceAliasFactory(source=duplicate, name="Volodymyr Zelenskyy")  # the kept name already
    member = SourceFactory(name="Office of the President", affiliation=duplicate)
    moved = AttributionFactory(source=duplicate)
    ConduitFactory(attribution=moved, label="told reporters")
    shared_claim = ClaimFactory()
    kept_attribution = AttributionFactory(claim=shared_claim, source=kept, role="")
    dup_attribution = AttributionFactory(
        claim=shared_claim, source=other_duplicate, role="Ukrainian President"
    )
    ConduitFactory(attribution=dup_attribution, label="told The War Zone")
    relayed = ConduitFactory(source=duplicate, label="quoted by Zelensky")
    outlet_kept, outlet_dup = OutletFactory(name="AP"), OutletFactory(name="Associated Press")
    article = ArticleFactory(outlet=outlet_dup)
    unrelated = SourceFactory(name="Lloyd Austin")
    before = {
        "claims": models.Claim.objects.count(),
        "conduits": models.Conduit.objects.count(),
        "notes": models.Note.objects.count(),
    }

    response = curator_client.post(
        reverse("admin:claims_source_changelist"),
        {
            "action": "merge_into",
            ACTION_CHECKBOX_NAME: [kept.pk, duplicate.pk, other_duplicate.pk],
            "kept": kept.pk,
            "confirm": "yes",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Merged" in response.text

    kept.refresh_from_db()
    assert set(models.Source.objects.filter(pk__in=[duplicate.pk, other_duplicate.pk])) == set()
    assert models.Source.objects.filter(pk=unrelated.pk).exists()
    assert set(kept.aliases.values_list("name", flat=True)) == {
        "Zelensky",
        "Zelenskyi",
        "V. Zelenskiy",
    }
    assert kept.wikidata_id == "Q3881"
    assert kept.description == "President of Ukraine"
    moved.refresh_from_db()
    assert moved.source == kept
    assert list(moved.chain.values_list("label", flat=True)) == ["told reporters"]
    # The claim attributed to both keeps one attribution with both chains and the role.
    kept_attribution.refresh_from_db()
    assert shared_claim.attributions.count() == 1
    assert kept_attribution.role == "Ukrainian President"
    assert list(kept_attribution.chain.values_list("label", flat=True)) == ["told The War Zone"]
    relayed.refresh_from_db()
    assert relayed.source == kept
    member.refresh_from_db()
    assert member.affiliation == kept
    assert before == {
        "claims": models.Claim.objects.count(),
        "conduits": models.Conduit.objects.count(),
        "notes": models.Note.objects.count(),
    }

    # Outlets merge the same way: their articles follow.
    curator_client.post(
        reverse("admin:claims_source_changelist"),
        {
            "action": "merge_into",
            ACTION_CHECKBOX_NAME: [outlet_kept.pk, outlet_dup.pk],
            "kept": outlet_kept.pk,
            "confirm": "yes",
        },
    )
    article.refresh_from_db()
    assert article.outlet == outlet_kept


def test_merge_asks_which_source_to_keep_before_changing_anything(curator_client):
    first, second = SourceFactory(name="Zelensky"), SourceFactory(name="Zelenskyy")
    response = curator_client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_into", ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
    )
    assert response.status_code == 200
    assert "Choose the source to keep" in response.text
    assert models.Source.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_merge_is_refused_to_an_editor(editor_client):
    first, second = SourceFactory(), SourceFactory()
    editor_client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_into", ACTION_CHECKBOX_NAME: [first.pk, second.pk], "kept": first.pk,
         "confirm": "yes"},
    )  # fmt: skip
    assert models.Source.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_source_changelist_searches_aliases_and_filters_unreviewed(curator_client):
    zelenskyy = SourceFactory(name="Volodymyr Zelenskyy")
    SourceAliasFactory(source=zelenskyy, name="Zelensky")
    SourceFactory(name="Lloyd Austin")
    url = reverse("admin:claims_source_changelist")
    response = curator_client.get(url, {"q": "Zelensky"})
    assert "Volodymyr Zelenskyy" in response.text and "Lloyd Austin" not in response.text
    reviewed = SourceFactory(name="Reviewed Person")
    curator_client.post(url, {"action": "mark_reviewed", ACTION_CHECKBOX_NAME: [reviewed.pk]})
    response = curator_client.get(url, {"reviewed": "no"})
    assert "Lloyd Austin" in response.text and "Reviewed Person" not in response.text


def test_source_changelist_shows_claim_counts(curator_client):
    source = SourceFactory(name="Kyrylo Budanov")
    AttributionFactory.create_batch(3, source=source)
    response = curator_client.get(reverse("admin:claims_source_changelist"), {"q": "Budanov"})
    assert response.context["cl"].result_list[0].claim_count == 3


def test_admin_claim_form_refuses_a_quote_that_does_not_match_the_article(curator_client):
    article = ArticleFactory(body="South Korea’s spy chief told lawmakers that 3,000 troops…")
    response = curator_client.post(
        reverse("admin:claims_claim_add"),
        {
            "article": article.pk,
            "quote": "4,000 troops",
            "start": 44,
            "end": 56,
            "statement": "x",
            "kind": "quantity",
            "status": "new",
            "attributions-TOTAL_FORMS": 0,
            "attributions-INITIAL_FORMS": 0,
            "quantity-TOTAL_FORMS": 0,
            "quantity-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "does not match" in response.text
    assert not models.Claim.objects.exists()


# Publishing and authorship stay out of the curators' hands -------------------------------


def _inline(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}


def test_a_curator_cannot_publish_a_verdict_from_the_admin(curator_client, editor):
    verdict = VerdictFactory(reviewer=editor, reasoning="Wrong.")
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    page = curator_client.get(url).text
    assert 'name="published_at' not in page and 'name="reviewer' not in page
    response = curator_client.post(
        url,
        {
            "claim": verdict.claim_id, "rating": verdict.rating_id, "reasoning": "Wrong, still.",
            "reviewed_on": "2024-10-30", "published_at_0": "2024-10-30", "published_at_1": "12:00",
            "reviewer": "", **_inline("evidence"),
        },
    )  # fmt: skip
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.reasoning == "Wrong, still."  # the form was saved...
    assert verdict.published_at is None and verdict.reviewer == editor  # ...but not these
    assert not models.Publication.objects.exists()


def test_a_curator_cannot_set_the_published_status_from_the_admin(curator_client):
    article = ArticleFactory(body="South Korea’s spy chief told lawmakers that 3,000 troops…")
    response = curator_client.post(
        reverse("admin:claims_claim_add"),
        {
            "article": article.pk, "quote": "3,000 troops", "start": 44, "end": 56,
            "statement": "x", "kind": "quantity", "status": "published",
            **_inline("attributions"), **_inline("quantity"),
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Publish or unpublish from the claim" in response.text
    assert not models.Claim.objects.exists()


def test_publications_can_be_seen_but_not_added_changed_or_deleted(curator_client, superuser):
    from django.test import Client

    publication = services.publish(VerdictFactory().claim, by=None)
    admin_client = Client()
    admin_client.force_login(superuser)
    prefix = "admin:claims_publication"
    for who in (curator_client, admin_client):
        page = who.get(reverse(f"{prefix}_change", args=[publication.pk]))
        assert page.status_code == 200 and 'name="content"' not in page.text
        assert who.get(reverse(f"{prefix}_add")).status_code == 403
        delete = reverse(f"{prefix}_delete", args=[publication.pk])
        assert who.post(delete, {"post": "yes"}).status_code == 403
        who.post(reverse(f"{prefix}_change", args=[publication.pk]), {"is_current": ""})
    publication.refresh_from_db()
    assert publication.is_current


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (models.Note, "author"),
        (models.Verdict, "reviewer"),
        (models.Link, "created_by"),
        (models.Claim, "created_by"),
        (models.Source, "created_by"),
        (models.Article, "created_by"),
        (models.Question, "created_by"),
        (models.ArticleRevision, "created_by"),
        (models.Publication, "published_by"),
        (models.Publication, "withdrawn_by"),
    ],
)
def test_who_wrote_something_is_read_only_in_the_admin(curator_client, model, field):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = _user_of(curator_client)
    model_admin = admin.site._registry[model]
    obj = make_one(model)
    assert field in model_admin.get_readonly_fields(request, obj)
    if model_admin.has_add_permission(request):
        assert field in model_admin.get_readonly_fields(request, None)


def _user_of(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_an_outlets_page_lists_its_domains_and_feeds_and_a_persons_does_not(curator_client):
    outlet = OutletDomainFactory(domain="ledger.example").outlet
    FeedFactory(outlet=outlet, url="https://ledger.example/rss")
    person = SourceFactory(kind="person")

    outlet_page = curator_client.get(reverse("admin:claims_source_change", args=[outlet.pk]))
    person_page = curator_client.get(reverse("admin:claims_source_change", args=[person.pk]))

    assert "ledger.example" in outlet_page.text and "https://ledger.example/rss" in outlet_page.text
    assert 'name="domains-TOTAL_FORMS"' in outlet_page.text
    assert 'name="feeds-TOTAL_FORMS"' in outlet_page.text
    assert 'name="domains-TOTAL_FORMS"' not in person_page.text
    assert 'name="feeds-TOTAL_FORMS"' not in person_page.text
