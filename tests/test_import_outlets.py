"""An imported page's outlet is told by its registered domain, never by what the
page calls its site."""

import pytest

from claims import models
from claims.factories import OutletDomainFactory, OutletFactory, SourceAliasFactory
from claims.importing import outlet_for

pytestmark = pytest.mark.django_db


def test_a_domain_a_curator_listed_decides_whatever_the_page_calls_itself(editor):
    listed = OutletDomainFactory(domain="daily-record.example")
    chosen = OutletFactory(name="Chosen By The Editor")

    outlet = outlet_for(domain="daily-record.example", publisher="Hosted", chosen=chosen, by=editor)

    assert outlet == listed.outlet
    assert not models.Source.objects.filter(name="Hosted").exists()


def test_the_editors_choice_comes_before_a_new_outlet(editor):
    chosen = OutletFactory(name="Chosen By The Editor")

    assert outlet_for(domain="unknown.example", publisher="", chosen=chosen, by=editor) == chosen
    assert not models.OutletDomain.objects.exists()


def test_an_outlet_known_by_the_publishers_name_or_alias_learns_the_domain(editor):
    outlet = OutletFactory(name="The Morning Ledger")
    SourceAliasFactory(source=outlet, name="Morning Ledger")

    found = outlet_for(
        domain="ledger.example", publisher="  Morning   Ledger ", chosen=None, by=editor
    )

    assert found == outlet
    assert list(outlet.domains.values_list("domain", flat=True)) == ["ledger.example"]
    # The next page from that domain needs no name at all.
    assert outlet_for(domain="ledger.example", publisher="", chosen=None, by=editor) == outlet


def test_an_unknown_site_makes_one_unreviewed_outlet_named_by_its_publisher(editor):
    first = outlet_for(
        domain="harbour-news.example", publisher="Harbour News", chosen=None, by=editor
    )
    second = outlet_for(
        domain="harbour-news.example", publisher="Harbour News Online", chosen=None, by=editor
    )

    assert first == second
    assert first.name == "Harbour News"
    assert first.kind == models.SourceKind.OUTLET
    assert not first.is_reviewed
    assert first.created_by == editor
    assert models.Source.objects.filter(kind=models.SourceKind.OUTLET).count() == 1


def test_without_a_publisher_the_outlet_is_named_by_its_domain(editor):
    outlet = outlet_for(domain="riverside.example", publisher="", chosen=None, by=editor)

    assert outlet.name == "riverside.example"
    assert list(outlet.domains.values_list("domain", flat=True)) == ["riverside.example"]


def test_nothing_to_go_by_gives_no_outlet(editor):
    assert outlet_for(domain="", publisher="", chosen=None, by=editor) is None


def test_a_curator_may_type_a_domain_as_the_address_bar_shows_it():
    domain = OutletDomainFactory.build(
        outlet=OutletFactory(), domain=" https://WWW.Ledger.example/politics/ "
    )
    domain.full_clean()

    assert domain.domain == "ledger.example"
