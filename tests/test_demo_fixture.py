"""The demo fixture: built from the seed articles, anchored exactly, loadable twice."""

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from claims import models
from claims.factories import ClaimFactory, SourceFactory
from claims.roles import sync_roles
from claims.scale import ensure_default_scale
from fixtures.build_demo import CLAIMS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def load_demo() -> None:
    call_command("loaddata", "demo", verbosity=0)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            models.Source, models.SourceAlias, models.Article, models.Question, models.Claim,
            models.Attribution, models.Conduit, models.Quantity, models.Link, models.Note,
            models.Verdict, models.Evidence,
        )
    }  # fmt: skip


def dump() -> list[dict]:
    out = io.StringIO()
    call_command(
        "dumpdata", "claims", "--natural-foreign", "--natural-primary", "--format=json", stdout=out
    )
    return sorted(json.loads(out.getvalue()), key=lambda o: (o["model"], json.dumps(o["fields"])))


def test_demo_json_is_what_the_build_script_writes():
    from fixtures.build_demo import OUTPUT, render

    assert OUTPUT.read_text(encoding="utf-8") == render()


def test_every_claim_anchor_matches_its_article_text_exactly():
    load_demo()
    claims = models.Claim.objects.select_related("article")
    assert claims.count() >= 20
    for claim in claims:
        body = claim.article.body
        assert body[claim.start : claim.end] == claim.quote, claim
        assert body[: claim.start].endswith(claim.prefix), claim
        assert body[claim.end :].startswith(claim.suffix), claim
        assert (claim.prefix and claim.suffix) or claim.start == 0 or claim.end == len(body)


def test_the_bodies_are_the_seed_text_without_titles_captions_or_markers():
    load_demo()
    seed = (ROOT / "fixtures" / "seed-articles.txt").read_text(encoding="utf-8")
    articles = list(models.Article.objects.order_by("published_on"))
    assert [a.outlet.name for a in articles] == ["Asharq Al-Awsat", "Asharq Al-Awsat"]
    for article in articles:
        assert article.body in seed  # character for character
        assert article.title not in article.body
        assert "(AFP)" not in article.body
        assert "\nTT\n" not in f"\n{article.body}\n"
    assert articles[0].body.startswith("American and South Korean officials said Wednesday")
    assert articles[0].body.endswith("officials in Kyiv say.")
    assert articles[1].body.startswith("It is too soon to tell")
    assert articles[1].body.endswith("he warned.")


def attributed_to(name: str) -> list[models.Claim]:
    return list(models.Claim.objects.filter(attributions__source__name=name))


def test_the_demo_holds_the_claims_the_newsroom_works_on():
    load_demo()
    cho = attributed_to("Cho Tae-yong")
    assert any(c.quote.startswith("3,000 North Korean troops") for c in cho)
    assert any("evidence" in c.quote for c in attributed_to("Lloyd Austin"))
    budanov = models.Attribution.objects.get(source__name="Kyrylo Budanov")
    assert "Kursk" in budanov.claim.quote
    assert [(c.label, c.source.name) for c in budanov.chain.all()] == [
        ("told the online military news outlet The War Zone", "The War Zone")
    ]
    assert attributed_to("Volodymyr Zelenskyy")
    ten_thousand = models.Claim.objects.get(quote__startswith="10,000 North Korean troops")
    assert {a.source.name for a in ten_thousand.attributions.all()} == {
        "Defence Intelligence of Ukraine", "National Intelligence Service",
    }  # fmt: skip
    pistorius = attributed_to("Boris Pistorius")[0].quantity
    assert (pistorius.low, pistorius.high, pistorius.qualifier) == (1500, 12000, "either_or")
    containers = models.Quantity.objects.get(wording="over 13,000")
    assert (containers.low, containers.high, containers.qualifier) == (13000, None, "more_than")
    assert attributed_to("officials in Kyiv")[0].quote.startswith("Those missiles")
    for name in ("Glib Voloskyi", "John Healey", "Justin Crump", "Antoine Chedid", "Sami Nader"):
        assert attributed_to(name), name
    assert len(attributed_to("An official Lebanese source")) >= 2
    axios = models.Attribution.objects.get(source__name="three Israeli sources")
    assert [c.source.name for c in axios.chain.all()] == ["Axios"]
    assert "warned Tehran" in axios.claim.quote


def test_the_demo_shows_every_feature():
    load_demo()
    question = models.Question.objects.get(
        text="How many North Korean troops has North Korea sent to Russia?"
    )
    figures = sorted(question.claims.values_list("quantity__wording", flat=True))
    assert figures == ["1,500 or 12,000", "10,000", "3,000"]
    contradiction = models.Link.objects.get(type="contradicts")
    assert {contradiction.from_claim.quantity.wording, contradiction.to_claim.quantity.wording} == {
        "3,000", "10,000",
    }  # fmt: skip
    assert models.Note.objects.count() >= 3
    rated = models.Verdict.objects.get()
    assert rated.claim.status == "published" and rated.rating.slug == "accurate"
    assert rated.evidence.exists()
    kinds = set(models.Source.objects.values_list("kind", flat=True))
    assert kinds == {"person", "organisation", "outlet", "group", "anonymous"}
    zelenskyy = models.Source.objects.get(name="Volodymyr Zelenskyy")
    assert "Zelensky" in zelenskyy.aliases.values_list("name", flat=True)
    cho = models.Source.objects.get(name="Cho Tae-yong")
    assert cho.affiliation.name == "National Intelligence Service"


def test_loading_twice_creates_no_duplicates():
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first


def test_loading_into_a_database_with_other_data_collides_with_nothing():
    others = ClaimFactory.create_batch(3)
    SourceFactory(name="Lloyd Austin")  # a namesake the newsroom already had
    before = counts()
    load_demo()
    load_demo()
    after = counts()
    assert after["Claim"] == before["Claim"] + len(CLAIMS)
    assert models.Source.objects.filter(name="Lloyd Austin").count() == 2
    for claim in others:
        claim.refresh_from_db()
        assert claim.article.body[claim.start : claim.end] == claim.quote


def test_dump_flush_load_dump_gives_the_same_data():
    load_demo()
    first = dump()
    call_command("flush", "--no-input", verbosity=0)
    # flush empties the tables the migrations filled; put them back as migrate did.
    sync_roles(apps)
    ensure_default_scale(models.Rating)
    load_demo()
    assert dump() == first
