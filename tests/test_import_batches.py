"""A batch of addresses, worked as the worker works it: fetched from a real local
server, read, judged, imported or refused with a reason an editor can act on."""

import json

import pytest
from django.core.management import call_command

from claims import batches, models
from claims.factories import ArticleFactory, OutletDomainFactory

pytestmark = pytest.mark.django_db

STORY = (
    "The harbour authority said on Tuesday that the new ferry terminal would open in "
    "March, two months later than planned, because a crane failed its safety inspection. "
    "“We will not open a terminal that is not safe,” said Mara Lind, who chairs the "
    "authority’s board. The delay will cost about 1.2 million euros, according to the "
    "authority’s own estimate, which the city council will discuss next week. Ferry "
    "operators said they had already sold tickets for crossings in January and would "
    "offer refunds or places on the old route. The council’s opposition leader, Tomas "
    "Berg, said the authority had known about the crane for months and should have told "
    "the public sooner. The authority denied that, saying the inspection report arrived "
    "only last Friday and was shared with the council the same day."
)


def article_page(
    title: str = "Ferry terminal opening delayed to March",
    body: str = STORY,
    *,
    publisher: str = "Harbour Gazette",
    canonical: str | None = None,
    lang: str = "en",
) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": "2026-11-24T08:00:00Z",
        "author": {"@type": "Person", "name": "Ines Roy"},
        "publisher": {"@type": "Organization", "name": publisher},
    }
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in body.split(". "))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'{link}<script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body><header><a href='/'>Home</a></header><article><h1>{title}</h1>"
        f"<p class='byline'>By Ines Roy</p>{paragraphs}</article></body></html>"
    )


@pytest.fixture
def local_imports(settings):
    # The test server listens on 127.0.0.1, which imports refuse by default.
    settings.IMPORT_ALLOW_LOCAL_ADDRESSES = True


def run_batch(addresses: list[str], *, by=None, outlet=None) -> models.ImportBatch:
    batch = batches.start_batch(
        addresses=addresses, by=by, origin=models.ImportOrigin.PAGE, outlet=outlet, run=False
    )
    for item_id in batch.items.values_list("pk", flat=True):
        batches.work(item_id)
    return batch


def states(batch: models.ImportBatch) -> list[tuple[str, str]]:
    return list(batch.items.order_by("position").values_list("state", "reason"))


def test_an_article_is_imported_with_what_its_page_says_of_it(web_server, local_imports, editor):
    web_server.page("/news/ferry", article_page())

    batch = run_batch([web_server.url("/news/ferry")], by=editor)

    item = batch.items.get()
    assert (item.state, item.reason, item.http_status) == ("imported", "", 200)
    article = item.article
    assert article.title == "Ferry terminal opening delayed to March"
    assert article.url == web_server.url("/news/ferry")
    assert "crane failed its safety inspection" in article.body
    assert article.language == "en"
    assert article.authors == "Ines Roy"
    assert article.created_by == editor
    assert str(article.published_on) == "2026-11-24"
    # The outlet is the page's publisher, known from now on by its domain.
    assert article.outlet.name == "Harbour Gazette"
    assert not article.outlet.is_reviewed


def test_the_outlet_comes_from_the_domain_a_curator_listed(web_server, local_imports):
    listed = OutletDomainFactory(domain="127.0.0.1")
    web_server.page("/news/ferry", article_page(publisher="Copyright 2026 Hosted"))

    batch = run_batch([web_server.url("/news/ferry")])

    assert batch.items.get().article.outlet == listed.outlet
    assert not models.Source.objects.filter(name__icontains="Hosted").exists()


def test_a_latin_1_page_keeps_its_accents(web_server, local_imports):
    body = STORY.replace("Mara Lind", "Mära Lindé").replace("euros", "euros (1,2 M€)")
    html = article_page(body=body).replace('<meta charset="utf-8">', "")
    web_server.page(
        "/news/latin", html.encode("cp1252"), content_type="text/html; charset=ISO-8859-1"
    )

    batch = run_batch([web_server.url("/news/latin")])

    article = batch.items.get().article
    assert "Mära Lindé" in article.body
    assert "1,2 M€" in article.body


@pytest.mark.parametrize(
    ("status", "said"),
    [(404, "The server answered 404 Not Found"), (500, "500 Internal Server Error")],
)
def test_an_error_status_is_refused_with_it(web_server, local_imports, status, said):
    web_server.page("/gone", article_page(), status=status)

    batch = run_batch([web_server.url("/gone")])

    ((state, reason),) = states(batch)
    assert state == "refused"
    assert said in reason
    assert not models.Article.objects.exists()
    assert not batch.items.get().can_force


def test_what_is_not_an_article_is_refused_and_may_be_forced_in(web_server, local_imports, editor):
    links = "".join(f"<li><a href='/section/{n}'>Story number {n}</a></li>" for n in range(150))
    front = f"<!doctype html><html><head><title>Harbour Gazette</title></head><body><ul>{links}</ul></body></html>"
    web_server.page("/", front)

    batch = run_batch([web_server.url("/")])

    item = batch.items.get()
    assert item.state == "refused"
    assert "home page or section front" in item.reason
    assert item.can_force
    assert not models.Article.objects.exists()

    assert batches.force(item=item, by=editor)
    batches.work(item.pk)
    item.refresh_from_db()
    assert item.state in {"imported", "refused"}
    assert item.state == "imported" or "no article text" in item.reason.lower()
    assert not item.can_force


def test_an_unsafe_address_is_refused_without_a_request(web_server, settings):
    settings.IMPORT_ALLOW_LOCAL_ADDRESSES = False
    web_server.page("/news/ferry", article_page())

    batch = run_batch([web_server.url("/news/ferry")])

    ((state, reason),) = states(batch)
    assert state == "refused"
    assert "127.0.0.1" in reason
    assert web_server.requests == []
    assert not batch.items.get().can_force


def test_an_address_that_leads_to_an_article_held_gives_that_article(web_server, local_imports):
    web_server.page("/news/ferry", article_page())
    web_server.redirect("/short/f1", "/news/ferry")
    first = run_batch([web_server.url("/news/ferry")]).items.get().article

    again = run_batch([web_server.url("/short/f1"), web_server.url("/news/ferry")])

    assert [(item.state, item.article) for item in again.items.order_by("position")] == [
        ("duplicate", first),
        ("duplicate", first),
    ]
    assert models.Article.objects.count() == 1


def test_a_page_whose_canonical_address_is_held_gives_that_article(web_server, local_imports):
    held = ArticleFactory(url="https://gazette.example/news/ferry")
    web_server.page(
        "/amp/ferry",
        article_page(body=STORY.replace("March", "April"), canonical=held.url),
    )

    item = run_batch([web_server.url("/amp/ferry")]).items.get()

    assert (item.state, item.article) == ("duplicate", held)
    assert models.Article.objects.count() == 1


def test_an_item_is_worked_once_however_often_it_is_sent(web_server, local_imports):
    web_server.page("/news/ferry", article_page())
    batch = run_batch([web_server.url("/news/ferry")])

    batches.work(batch.items.get().pk)  # a retried task

    assert web_server.paths == ["/news/ferry"]
    assert models.Article.objects.count() == 1


def test_a_failure_nobody_foresaw_still_ends_the_item(web_server, local_imports, monkeypatch):
    web_server.page("/news/ferry", article_page())
    monkeypatch.setattr(batches, "import_reading", lambda *a, **k: 1 / 0)

    batch = run_batch([web_server.url("/news/ferry")])

    ((state, reason),) = states(batch)
    assert state == "refused"
    assert "Something went wrong" in reason


def test_the_command_fetches_addresses_beside_files(web_server, local_imports, tmp_path):
    web_server.page("/news/ferry", article_page())
    web_server.page("/missing", "<p>Not here</p>", status=404)
    text = tmp_path / "story.txt"
    text.write_text(
        f"Outlet: Harbour Gazette\n\nA second story\n\n{STORY.replace('March', 'May')}\n"
    )
    out = __import__("io").StringIO()

    call_command(
        "import_articles",
        web_server.url("/news/ferry"),
        str(text),
        web_server.url("/missing"),
        stdout=out,
    )

    assert "Imported 2, skipped 0 already here, refused 1." in out.getvalue()
    assert "404 Not Found" in out.getvalue()
    batch = models.ImportBatch.objects.get()
    assert batch.origin == models.ImportOrigin.COMMAND
    assert models.Article.objects.count() == 2


FRENCH = (
    "Le port de la ville a annoncé mardi que le nouveau terminal des ferries ouvrirait en "
    "mars, deux mois plus tard que prévu, parce qu’une grue a échoué à son inspection de "
    "sécurité. « Nous n’ouvrirons pas un terminal qui n’est pas sûr », a déclaré Mara Lind, "
    "qui préside le conseil du port. Le retard coûtera environ 1,2 million d’euros, selon "
    "l’estimation du port, que le conseil municipal examinera la semaine prochaine. Les "
    "compagnies de ferries ont dit qu’elles avaient déjà vendu des billets pour janvier et "
    "qu’elles proposeraient des remboursements ou des places sur l’ancienne ligne."
)


def test_the_language_is_read_from_the_text_and_the_reader_says_it(
    web_server, local_imports, editor_client
):
    # The template says English, as templates do; the text is French.
    web_server.page("/fr/ferry", article_page("Le terminal des ferries retardé", FRENCH))

    article = run_batch([web_server.url("/fr/ferry")]).items.get().article

    assert article.language == "fr"
    reader = editor_client.get(article.get_absolute_url()).content.decode()
    assert '<span class="language">French</span>' in reader
    assert 'lang="fr"' in reader
    panel = editor_client.get(f"/articles/{article.pk}/suggestions/").content.decode()
    assert "The assistant reads English only; this article is in French (fr)." in panel
