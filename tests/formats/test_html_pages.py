"""Reading news pages: body, metadata, outlet, language, and refusing what is no article.

Every page here is written for these tests, in our own words.
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.formats.errors import FormatError
from claims.formats.html import read_html
from claims.formats.page import clean_authors, outlet_name, read_page, registered_domain

PARAGRAPHS = [
    "The harbour board voted on Monday to lengthen the northern pier by forty metres, "
    "a plan its chair, Ines Marlow, said would let two ferries berth at once by next summer.",
    "Fishermen who moor along the pier were less pleased. “We were told the work would take "
    "six weeks; now they say six months,” said Tomas Brandt, who has fished from the town "
    "for thirty years.",
    "The board put the cost at 4.2 million euros, a third more than its estimate in March. "
    "It blamed the price of steel and a survey that found the old piles rotten below the "
    "waterline.",
    "Councillors from the opposition asked why the board had not put the contract out to "
    "tender again. The chair answered that a second tender would delay the work by a year "
    "and cost more in the end.",
    "Work is to start in January, when the ferry timetable is thinnest. Boats will use the "
    "southern quay in the meantime, and the board promised a temporary walkway for "
    "passengers who need step-free access.",
]
ARTICLE = "\n".join(PARAGRAPHS)
RELATED = """
<aside class="related"><h2>More from the Herald</h2><ul>
  <li><a href="/a">Lighthouse keeper retires after forty years</a></li>
  <li><a href="/b">Ferry fares to rise in the spring</a></li>
  <li><a href="/c">Storm damages the old fish market</a></li>
</ul></aside>
"""
NAVIGATION = "".join(f'<a href="/section/{n}">Section {n}</a> ' for n in range(12))


def html_page(
    *, body: str, head: str = "", lang: str = "en-GB", title: str = "Pier to grow by forty metres"
) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title>{head}</head>"
        f"<body><header><nav>{NAVIGATION}</nav></header>{body}"
        "<footer><p>© 2024 Harbour Herald Ltd. All rights reserved.</p></footer></body></html>"
    )


def article_body(paragraphs=PARAGRAPHS, *, extra: str = "") -> str:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<main><article><h1>Pier to grow by forty metres</h1>{ps}{extra}</article></main>"


def json_ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "NewsMediaOrganization",
            "@id": "https://www.harbourherald.co.uk/#org",
            "name": "Harbour Herald",
        },
        {
            "@type": "NewsArticle",
            "headline": "Pier to grow by forty metres",
            "datePublished": "2024-03-05T09:30:00+01:00",
            "author": [
                {"@type": "Person", "name": "By JANE DOE"},
                {"@type": "Person", "name": "Omar Reyes, Harbour Herald Staff"},
                {"@type": "Organization", "name": "Harbour Herald"},
            ],
            "publisher": {"@id": "https://www.harbourherald.co.uk/#org"},
        },
    ],
}


def test_a_news_page_gives_its_text_and_metadata():
    head = (
        '<link rel="canonical" href="/news/2024/pier-to-grow">'
        '<meta property="og:site_name" content="harbourherald">'
        '<meta property="og:type" content="article">' + json_ld(GRAPH)
    )
    newsletter = (
        "<p>Sign up for our morning newsletter and get the day's news in your inbox.</p>"
        "<p>Follow us on Twitter and Facebook.</p>"
    )
    page = html_page(head=head, body=article_body(extra=newsletter) + RELATED)
    reading = read_page(page, url="https://www.harbourherald.co.uk/news/2024/pier-to-grow?ref=rss")
    assert reading.is_article and reading.check.reason == ""
    assert reading.title == "Pier to grow by forty metres"
    assert reading.body == ARTICLE
    assert reading.published_on.isoformat() == "2024-03-05"
    assert reading.authors == ("Jane Doe", "Omar Reyes")
    assert reading.publisher == "Harbour Herald"  # not "harbourherald", a host fragment
    assert reading.canonical_url == "https://www.harbourherald.co.uk/news/2024/pier-to-grow"
    assert reading.domain == "harbourherald.co.uk"
    assert reading.language == "en-GB" and reading.declared_language == "en-GB"
    assert reading.body_from == "page text" and not reading.paywalled


def test_furniture_lines_and_headline_lists_are_dropped_from_the_text():
    furniture = (
        '<p>Related: <a href="/d">Harbour dues frozen for a second year</a></p>'
        "<p>READ MORE: The town's oldest ferry is sold for scrap</p>"
        "<p>Click here to get the Herald app</p>"
        "<p>Email Jane Doe at jane.doe@harbourherald.co.uk</p>"
        "<p>Copyright 2024 Harbour Herald</p>"
        '<ul><li><a href="/e">Sea wall to be raised by a metre</a></li>'
        '<li><a href="/f">Harbour master warns of low tides</a></li></ul>'
    )
    middle = [*PARAGRAPHS[:2], "READ MORE: The town's oldest ferry is sold for scrap"]
    reading = read_page(
        html_page(body=article_body(middle + PARAGRAPHS[2:], extra=furniture)),
        url="https://harbourherald.co.uk/x",
    )
    assert reading.body == ARTICLE


def test_sentences_that_only_mention_newsletters_or_links_stay():
    prose = [
        *PARAGRAPHS[:3],
        "The board’s newsletter now reaches two thousand homes.",
        "Related questions about dredging will come before the board in April.",
        *PARAGRAPHS[3:],
    ]
    reading = read_page(html_page(body=article_body(prose)), url="https://harbourherald.co.uk/x")
    assert reading.body == "\n".join(prose)


def test_a_story_split_by_advertisements_is_read_whole():
    # Each half long enough to pass for the whole article: the extractor would stop there.
    second_half = [p.replace("harbour", "marina").replace("pier", "jetty") for p in PARAGRAPHS]
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    second = "".join(f"<p>{p}</p>" for p in second_half)
    body = (
        '<main><article><h1>Pier to grow by forty metres</h1><div class="chunks">'
        f'<div class="article__body">{first}</div>'
        '<div class="advert"><p>Advertisement</p></div>'
        f'<div class="article__body">{second}</div></div></article></main>'
    )
    reading = read_page(html_page(body=body), url="https://harbourherald.co.uk/x")
    assert reading.body == "\n".join(PARAGRAPHS + second_half)


def _long_structured_body() -> str:
    return "\n".join(PARAGRAPHS + PARAGRAPHS[::-1])  # 300 words: a whole article


def test_the_structured_body_wins_when_the_page_text_holds_more_than_the_article():
    text = _long_structured_body()
    assert len(text.split()) >= 150
    head = json_ld({"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": text})
    promo = (
        "<p>Our reporters cover the coast from the estuary to the cliffs every day of the week, "
        "and our photographers follow every regatta, launch and storm along the shore.</p>"
        "<p>Readers who support local journalism keep this newsroom open; a yearly "
        "membership costs less than a coffee a week and comes with a printed almanac.</p>"
        "<p>Members are invited to our spring open day, where the editors explain how a story "
        "goes from a tip on the phone to the front page, and answer every question asked.</p>"
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n"))
    body = f"<main><article><h1>Pier to grow</h1>{paragraphs}{promo}</article></main>"
    reading = read_page(html_page(body=body, head=head), url="https://harbourherald.co.uk/x")
    assert reading.body_from == "structured data"
    assert reading.body == text
    assert "membership" not in reading.body


def test_a_teaser_in_the_structured_data_does_not_replace_the_article():
    teaser = PARAGRAPHS[0]
    head = json_ld(
        {"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": teaser}
    )
    reading = read_page(
        html_page(body=article_body(), head=head), url="https://harbourherald.co.uk/x"
    )
    assert reading.body_from == "page text" and reading.body == ARTICLE


def test_a_page_that_draws_its_text_with_scripts_gives_the_structured_body():
    text = _long_structured_body()
    head = json_ld(
        {
            "@context": "https://schema.org",
            "@type": "ReportageNewsArticle",
            "headline": "Pier to grow",
            "articleBody": "<p>" + text.replace("\n", "</p><p>").replace("’", "&rsquo;") + "</p>",
        }
    )
    body = '<div id="app"></div><script>render()</script>'
    reading = read_page(html_page(body=body, head=head), url="https://harbourherald.co.uk/x")
    assert reading.body_from == "structured data" and reading.is_article
    assert reading.body == text


def test_the_title_loses_the_sites_name_it_carries():
    head = '<meta property="og:site_name" content="Harbour Herald">'
    page = html_page(body=article_body(), head=head, title="Ferry fares to rise | Harbour Herald")
    page = page.replace("<h1>Pier to grow by forty metres</h1>", "")
    reading = read_page(page, url="https://harbourherald.co.uk/x")
    assert reading.title == "Ferry fares to rise"
    assert reading.publisher == "Harbour Herald"


@pytest.mark.parametrize(
    ("head", "url", "canonical"),
    [
        ('<link rel="canonical" href="https://m.example.com/a/1">', None, "https://m.example.com/a/1"),
        ('<meta property="og:url" content="/a/2">', "https://example.com/x", "https://example.com/a/2"),
        # every page of some sites names the home page: not this page's address
        ('<link rel="canonical" href="https://example.com/">', "https://example.com/a/3", "https://example.com/a/3"),
        ('<link rel="canonical" href="javascript:void(0)">', "https://example.com/a/4", "https://example.com/a/4"),
        ("", "ftp://example.com/a/5", None),
    ],
)  # fmt: skip
def test_the_canonical_address_is_absolute_and_http(head, url, canonical):
    assert read_page(html_page(body=article_body(), head=head), url=url).canonical_url == canonical


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.nytimes.com/2024/01/01/x.html", "nytimes.com"),
        ("https://news.bbc.co.uk/1/hi/x.stm", "bbc.co.uk"),
        ("http://hosted.wire.org/a", "wire.org"),
        ("http://127.0.0.1:8000/a", "127.0.0.1"),
        ("https://news.test/a", "news.test"),
        ("", ""),
    ],
)
def test_the_domain_is_the_registered_one(url, domain):
    assert registered_domain(url) == domain


@pytest.mark.parametrize(
    ("raw", "domain", "host", "name"),
    [
        ("Harbour Herald", "harbourherald.com", "", "Harbour Herald"),
        ("nj", "nj.com", "www.nj.com", ""),  # the host's name, not the outlet's
        ("Hosted", "wire.org", "hosted.wire.org", ""),  # a subdomain's label
        ("Copyright 2014", "", "", ""),
        ("© Harbour Herald 2024", "", "", ""),
        ("https://www.harbourherald.com", "", "", ""),
        ("harbourherald.com", "harbourherald.com", "", ""),
        ("@harbourherald", "", "", ""),
        ("jdadmin", "", "", ""),
        ("U.S.", "", "", ""),  # a section
        ("Home", "", "", ""),
        ("Blogger", "", "", ""),
        ("Harbour Herald | The coast's daily paper since 1882", "harbourherald.com", "", "Harbour Herald"),
        ("Daily news | Harbour Herald", "harbourherald.com", "", "Harbour Herald"),
        ("ProCoastTalk", "sportsnet.com", "procoasttalk.sportsnet.com", "ProCoastTalk"),
    ],
)  # fmt: skip
def test_outlet_names_are_names_not_furniture(raw, domain, host, name):
    assert outlet_name(raw, domain=domain, host=host) == name


def test_the_publisher_that_matches_the_domain_is_preferred():
    head = (
        json_ld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "publisher": {"@type": "Organization", "name": "Coastal Wire Service"},
            }
        )
        + '<meta property="og:site_name" content="Harbour Herald">'
    )
    reading = read_page(
        html_page(body=article_body(), head=head), url="https://harbourherald.com/x"
    )
    assert reading.publisher == "Harbour Herald"
    elsewhere = read_page(html_page(body=article_body(), head=head), url="https://ferrytimes.com/x")
    assert elsewhere.publisher == "Coastal Wire Service"  # structured data comes first


def test_a_page_naming_no_outlet_cleanly_gives_none():
    head = '<meta property="og:site_name" content="Copyright 2014">'
    reading = read_page(html_page(body=article_body(), head=head), url="https://www.nj.com/x")
    assert reading.publisher == "" and reading.domain == "nj.com"


@pytest.mark.parametrize(
    ("bylines", "names"),
    [
        (["By TOM KRISHER, AP Auto Writer"], ("Tom Krisher",)),
        (["By MEG KINNARD and ERRIN HAINES, Associated Press"], ("Meg Kinnard", "Errin Haines")),
        (["Jane Doe & Omar Reyes"], ("Jane Doe", "Omar Reyes")),
        (["Analysis by Dana Whitlock, Herald Editor-at-large"], ("Dana Whitlock",)),
        (["Staff Reports"], ()),
        (["Reuters"], ()),
        (["Harbour Herald Staff"], ()),
        (["The Associated Press"], ()),
        (["Jane Doe is a reporter covering the coast"], ("Jane Doe",)),
        (["Jane Doe Monday; November"], ("Jane Doe",)),
        (["Ilana Muir, MS, RDN"], ("Ilana Muir",)),
        (["jane.doe@harbourherald.com", "@janedoe"], ()),
        (["https://harbourherald.com/author/jane-doe"], ()),
        (["Jane Doe", "Jane Doe ", "JANE DOE"], ("Jane Doe",)),
        (["Bruce Y. Lee"], ("Bruce Y. Lee",)),
        (["Marcus de Guzman"], ("Marcus de Guzman",)),
        (["Текст: Анна Петрова"], ("Анна Петрова",)),
        (["Por María López y Juan Pérez"], ("María López", "Juan Pérez")),
        (["Admin"], ()),
        (["Regan"], ()),  # one word is no full name
    ],
)
def test_bylines_become_peoples_names(bylines, names):
    assert clean_authors(bylines) == names


def test_the_outlets_own_name_is_no_author():
    assert clean_authors(["Harbour Herald"], outlets=["Harbour Herald"]) == ()
    assert clean_authors(["Harbour Herald Online"], domain="harbourherald.com") == ()
    assert clean_authors(["Finn Lowe Harbourherald International"], domain="harbourherald.com") == (
        "Finn Lowe",
    )


def test_the_language_comes_from_the_text_not_the_declaration():
    portuguese = [
        "A câmara municipal aprovou na segunda-feira o alargamento do cais norte em quarenta "
        "metros, uma obra que a presidente diz permitir a atracação de dois ferries ao mesmo tempo.",
        "Os pescadores que amarram os barcos no cais não ficaram satisfeitos com o prazo de "
        "seis meses anunciado para as obras, que começam em janeiro.",
    ]
    page = html_page(body=article_body(portuguese), lang="en")
    assert read_page(page, url="https://harbourherald.com/x").language == "pt"
    mexican = html_page(
        body=article_body(
            [
                "El ayuntamiento aprobó el lunes ampliar el muelle norte en cuarenta metros, una "
                "obra que según la alcaldesa permitirá atracar a dos transbordadores a la vez.",
                "Los pescadores que amarran sus barcas en el muelle no quedaron contentos con el "
                "plazo de seis meses anunciado para las obras, que empiezan en enero.",
            ]
        ),
        lang="es-MX",
    )
    assert read_page(mexican, url="https://harbourherald.com/x").language == "es-MX"


# Pages that are not articles --------------------------------------------------------


def test_an_error_status_is_refused_whatever_the_page():
    reading = read_page(html_page(body=article_body()), url="https://h.com/x", status=404)
    assert reading.check.reason == "The server answered 404 Not Found."


def test_a_soft_404_is_refused():
    body = (
        "<main><h1>Page not found</h1><p>Sorry, the page you were looking for does not exist. "
        'It may have moved. Try our <a href="/search">search</a> or go back to the home page.'
        "</p></main>"
    )
    reading = read_page(html_page(body=body, title="Page not found | Harbour Herald"))
    assert reading.check.reason == "This looks like an error page (“Page not found”)."


def test_a_sign_in_page_is_refused():
    body = (
        "<main><h1>Sign in</h1><form><label>E-mail <input type='email'></label>"
        "<label>Password <input type='password'></label><button>Sign in</button></form>"
        "<p>Forgot your password? We will send you a link to choose a new one.</p></main>"
    )
    reading = read_page(html_page(body=body, title="Sign in | Harbour Herald"))
    assert reading.check.reason == "This looks like a sign-in page."


def test_a_paywall_teaser_is_refused():
    body = article_body(
        [PARAGRAPHS[0]],
        extra="<div class='paywall'><p>Subscribe to continue reading.</p>"
        "<p>Already a subscriber? Sign in.</p></div>",
    )
    reading = read_page(html_page(body=body), url="https://harbourherald.com/x")
    assert reading.check.reason == (
        "This looks like a paywall or consent page: a short teaser and a subscription prompt."
    )


def test_a_cookie_wall_is_refused():
    body = (
        "<div class='consent'><h1>Before you continue</h1><p>We use cookies and data to "
        "deliver our services and measure audiences. Accept all cookies or manage your "
        "privacy settings.</p><button>Accept all</button></div>"
    )
    reading = read_page(html_page(body=body, title="Harbour Herald"))
    assert reading.check.reason.startswith("This looks like a paywall or consent page")


def _front_page() -> str:
    teasers = "".join(
        f'<div class="teaser"><h3><a href="/news/{n}">Harbour story number {n} makes the '
        f"front page today</a></h3><p>Short summary {n}.</p></div>"
        for n in range(40)
    )
    more = "".join(
        f'<li><a href="/more/{n}">More story {n} from the coast</a></li>' for n in range(60)
    )
    return html_page(
        body=f"<main>{teasers}<ul>{more}</ul></main>", title="Harbour Herald – news from the coast"
    )


def test_a_home_page_is_refused_as_a_section_front():
    reading = read_page(_front_page(), url="https://harbourherald.com/")
    assert not reading.is_article
    assert reading.check.reason.startswith("This looks like a home page or section front: ")
    assert "112 links" in reading.check.reason


def test_a_page_too_short_to_hold_a_claim_is_refused():
    reading = read_page(
        html_page(
            body="<main><article><p>The pier will grow by forty metres.</p></article></main>"
        ),
        url="https://harbourherald.com/x",
    )
    assert reading.check.reason == (
        "The article text is too short to hold a claim (7 words; at least 60 needed)."
    )


def test_an_empty_or_unreadable_page_says_no_text_was_found():
    for html in ("", "   ", "<html></html>"):
        reading = read_page(html, url="https://harbourherald.com/x")
        assert not reading.is_article and reading.body == ""
        assert reading.domain == "harbourherald.com"


# The importer's entry for saved pages ----------------------------------------------


def test_a_saved_article_page_becomes_an_article():
    head = '<link rel="canonical" href="https://harbourherald.com/pier">' + json_ld(GRAPH)
    article = read_html(html_page(body=article_body(), head=head).encode(), filename="pier.html")
    assert article.title == "Pier to grow by forty metres"
    assert article.body == ARTICLE
    assert article.url == "https://harbourherald.com/pier"
    assert article.outlet == "Harbour Herald"
    assert article.authors == ("Jane Doe", "Omar Reyes")


def test_a_saved_page_that_is_no_article_is_refused_naming_the_file():
    with pytest.raises(FormatError, match=r"^front\.html: This looks like a home page"):
        read_html(_front_page(), filename="front.html")
    with pytest.raises(FormatError, match=r"^empty\.html: no article text was found"):
        read_html("<html><body></body></html>", filename="empty.html")
    with pytest.raises(FormatError, match=r"^latin\.html: the page is not UTF-8 text"):
        read_html("caf\xe9".encode("latin-1"), filename="latin.html")


def test_a_saved_page_naming_no_outlet_leaves_the_choice_to_the_editor():
    article = read_html(html_page(body=article_body()), filename="pier.html")
    assert article.outlet is None


_FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='article__body'>",
        "</div>",
        "<a href='/x'>",
        "</a>",
        "<h1>",
        "<title>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": ',
        '{"@graph": [{"@id": "o"}, {"@type": "Article", "publisher": {"@id": "o"}}]}',
        "</script>",
        '<meta property="og:site_name" content="',
        '<link rel="canonical" href="',
        '">',
        "<input type='password'>",
        "&amp;",
        "\u00a9 2024",
        "Page not found",
        "By JANE DOE",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=40)), max_size=40))
def test_any_page_is_read_without_an_error(parts):
    reading = read_page("".join(parts), url="https://harbourherald.com/x")
    assert reading.is_article == (reading.check.reason == "")
    assert reading.domain == "harbourherald.com" or reading.canonical_url
