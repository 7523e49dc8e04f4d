"""The database itself refuses rows that break the model's rules.

Each test writes through the ORM without form validation, as a buggy view,
a script or a bulk import would, and expects the database to say no.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from claims import models
from claims.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ConduitFactory,
    LinkFactory,
    QuantityFactory,
    SourceAliasFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_claim_anchor_start_must_come_before_end():
    claim = ClaimFactory()
    assert refused(lambda: models.Claim.objects.filter(pk=claim.pk).update(end=claim.start))
    assert refused(
        lambda: models.Claim.objects.filter(pk=claim.pk).update(start=claim.end, end=claim.start)
    )


def test_claim_anchor_length_must_match_the_quote():
    claim = ClaimFactory()
    assert refused(lambda: models.Claim.objects.filter(pk=claim.pk).update(end=claim.end + 1))
    assert refused(lambda: models.Claim.objects.filter(pk=claim.pk).update(quote=claim.quote + "x"))


def test_claim_anchor_length_counts_code_points_not_bytes():
    article = ArticleFactory(body="Zelenskyy 🇺🇦 said 조태용 met officials in ‏بيروت‎ today.")
    quote = "🇺🇦 said 조태용"
    start = article.body.index(quote)
    claim = ClaimFactory(article=article, quote=quote, start=start, end=start + len(quote))
    claim.refresh_from_db()
    assert claim.quote == quote and claim.end - claim.start == 11


def test_claim_negative_offsets_are_refused():
    claim = ClaimFactory()
    assert refused(lambda: models.Claim.objects.filter(pk=claim.pk).update(start=-1))


def test_claim_status_and_kind_must_be_known_values():
    claim = ClaimFactory()
    assert refused(lambda: models.Claim.objects.filter(pk=claim.pk).update(status="approved"))
    assert refused(lambda: models.Claim.objects.filter(pk=claim.pk).update(kind="rumour"))


def test_quantity_low_may_not_exceed_high():
    quantity = QuantityFactory()
    assert refused(
        lambda: models.Quantity.objects.filter(pk=quantity.pk).update(
            low=Decimal("12000"), high=Decimal("1500")
        )
    )


def test_quantity_open_bounds_are_allowed_but_not_both():
    quantity = QuantityFactory(low=Decimal("13000"), high=None, qualifier="more_than")
    assert quantity.high is None
    assert refused(lambda: models.Quantity.objects.filter(pk=quantity.pk).update(low=None))


def test_quantity_qualifier_must_be_known():
    quantity = QuantityFactory()
    assert refused(lambda: models.Quantity.objects.filter(pk=quantity.pk).update(qualifier="maybe"))


def test_a_claim_has_at_most_one_quantity():
    quantity = QuantityFactory()
    assert refused(lambda: QuantityFactory(claim=quantity.claim))


def test_link_never_joins_a_claim_to_itself():
    claim = ClaimFactory()
    assert refused(lambda: LinkFactory(from_claim=claim, to_claim=claim))


def test_the_same_link_is_stored_once():
    link = LinkFactory()
    assert refused(
        lambda: LinkFactory(from_claim=link.from_claim, to_claim=link.to_claim, type=link.type)
    )
    assert LinkFactory(from_claim=link.from_claim, to_claim=link.to_claim, type="supports")


def test_a_source_is_attributed_once_per_claim():
    attribution = AttributionFactory()
    assert refused(lambda: AttributionFactory(claim=attribution.claim, source=attribution.source))


def test_conduit_positions_are_unique_within_a_chain():
    conduit = ConduitFactory(position=0)
    assert refused(lambda: ConduitFactory(attribution=conduit.attribution, position=0))


def test_an_alias_is_stored_once_per_source():
    alias = SourceAliasFactory(name="Zelensky")
    assert refused(lambda: SourceAliasFactory(source=alias.source, name="Zelensky"))


def test_only_organisations_have_an_organisation_type():
    assert refused(lambda: SourceFactory(kind="person", organisation_type="think_tank"))
    assert SourceFactory(kind="organisation", organisation_type="think_tank")


def test_a_source_cannot_be_its_own_affiliation():
    source = SourceFactory()
    assert refused(lambda: models.Source.objects.filter(pk=source.pk).update(affiliation=source))


def test_a_wikidata_item_belongs_to_one_source_but_blank_is_shared():
    SourceFactory(wikidata_id="Q3881")
    assert refused(lambda: SourceFactory(wikidata_id="Q3881"))
    SourceFactory(wikidata_id="")
    assert SourceFactory(wikidata_id="")


def test_an_article_url_is_unique_but_many_articles_may_have_none():
    ArticleFactory(url="https://news.example/a")
    assert refused(lambda: ArticleFactory(url="https://news.example/a"))
    ArticleFactory(url="")
    assert ArticleFactory(url="")


def test_empty_texts_are_refused():
    assert refused(lambda: ArticleFactory(body=""))
    assert refused(lambda: SourceFactory(name=""))
    assert refused(lambda: models.Note.objects.create(claim=ClaimFactory(), body=""))


def test_a_source_with_attributions_cannot_be_deleted_by_accident():
    attribution = AttributionFactory()
    with pytest.raises(models.models.ProtectedError):
        attribution.source.delete()


def test_saving_a_claim_counts_its_version():
    claim = ClaimFactory()
    assert claim.version == 1
    claim.statement = "Changed."
    claim.save()
    claim.refresh_from_db()
    assert claim.version == 2
