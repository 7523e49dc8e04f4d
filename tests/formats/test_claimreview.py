"""Reading other fact-checkers' ClaimReview JSON-LD, quirks and all."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.formats.claimreview import ReviewedClaim, read_claimreviews
from claims.formats.errors import FormatError

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "interop" / "claimreview-examples"


def read_example(name: str) -> ReviewedClaim:
    [review] = read_claimreviews((EXAMPLES / name).read_bytes(), filename=name)
    return review


# Written by hand from each file: the claim's first 40 characters, rating label and value,
# reviewer, claimant, review URL and date.
EXPECTED = {
    "01-africacheck-51pct-ipv.json": (
        "As many as “51% of South African women h",
        "Incorrect",
        Decimal(1),
        "Africa Check",
        "South African president Cyril Ramaphosa",
        "https://africacheck.org/reports/fact-checking-president-ramaphosa-have-51-of-south-"
        "african-women-experienced-intimate-partner-violence/",
        date(2020, 7, 6),
    ),
    "02-afp-cdc-covid-deaths.json": (
        "The US Centers for Disease Control and P",
        "False",
        Decimal(1),
        "AFP Fact Check",
        "multiple sources",
        "https://factcheck.afp.com/cdc-does-not-add-flu-and-pneumonia-deaths-covid-19-toll",
        date(2020, 6, 24),
    ),
    "03-dpa-datacommons-feeditem.json": (
        "Im Netz sorgt ein angebliches Zitat von ",
        "Reker hat diesen Satz nie gesagt. «Völliger Unsinn», heißt es dazu aus der "
        "Pressestelle der Stadt Köln.",
        None,
        "Deutsche Presse-Agentur",
        "Irmin Suhl",
        "https://www.presseportal.de/pm/133833/4381130",
        date(2019, 9, 20),
    ),
    "04-newtral-listas-espera.json": (
        "“Hemos visto cómo con ustedes en el Gobi",
        "Engañoso",
        None,
        "Newtral",
        "Sergio Sayas",
        "https://www.newtral.es/lista-espera-sanidad-gobierno/20221006/",
        date(2022, 10, 6),
    ),
    "05-aosfatos-review-claimreview-type-array.json": (
        "Drauzio Varella incentiva crianças a uti",
        "não_é_bem_assim",
        Decimal(5),
        "Luiz Fernando Menezes",
        "desinformação",
        "https://aosfatos.org/noticias/video-manipulado-faz-crer-que-drauzio-incentiva-"
        "criancas-a-usarem-drogas/",
        date(2022, 8, 11),
    ),
    "06-indiatoday-mostly-false.json": (
        "PM Modi, during a Gujarat speech, critic",
        "Mostly false",
        Decimal(2),
        "India Today",
        "Social media users",
        "https://www.indiatoday.in/fact-check/story/pm-modi-did-not-criticise-his-government-"
        "when-he-was-gujarat-cm-2006828-2022-09-30",
        None,
    ),
    "07-factcheckzw-antibodies.json": (
        "7% don't have T-cells that remember the ",
        "The Health Desk Experts said Current data shows that roughly 10% of infected people "
        "do not have measurable antibodies once they recover from COVID-19.",
        None,
        "FactCheckZW",
        "",
        "https://factcheck.cite.org.zw/do-antibodies-prevent-covid-19-reinfection/",
        date(2021, 6, 18),
    ),
    "08-uolconfere-violencia-campo.json": (
        "A violência no campo caiu assustadoramen",
        "Falso",
        Decimal(1),
        "UOL Confere",
        "Jair Bolsonaro",
        "https://noticias.uol.com.br/confere/ultimas-noticias/2022/09/01/e-falso-que-"
        "violencia-no-campo-caiu-como-disse-bolsonaro-na-redetv.htm",
        date(2022, 9, 1),
    ),
    "09-thequint-claimreviewed-array.json": (
        "Last Tweets of Sushant Singh Rajput shar",
        "False",
        Decimal(1),
        "The Quint",
        "Facebook,WhatsApp,Twitter,media outlets",
        "https://www.thequint.com/news/webqoof/are-these-last-tweets-of-sushant-singh-rajput-"
        "no-images-are-fake-fact-check",
        date(2020, 6, 16),
    ),
    "10-efeverifica-detenidos.json": (
        "La práctica totalidad de los detenidos e",
        "Falso.",
        Decimal(1),
        "Agencia EFE",
        "",
        "https://verifica.efe.com/detenidos-mayoria-espanoles-no-extranjeros-como-asegura-ferris/",
        date(2022, 10, 24),
    ),
}


def test_every_example_file_has_an_expectation() -> None:
    assert sorted(path.name for path in EXAMPLES.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_example_reads_as_expected(name: str, expected: tuple[Any, ...]) -> None:
    review = read_example(name)
    assert (
        review.claim_reviewed[:40],
        review.rating_label,
        review.rating_value,
        review.reviewer_name,
        review.claimant_name,
        review.review_url,
        review.review_date,
    ) == expected


@pytest.mark.parametrize("name", EXPECTED)
def test_example_reads_the_same_from_text_and_bytes(name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert read_claimreviews(text) == [read_example(name)]


def test_lower_case_type_trailing_cr_and_numeric_rating() -> None:
    review = read_example("01-africacheck-51pct-ipv.json")
    assert review.claim_reviewed.endswith("with whom they are in a relationship”.")
    assert (review.best_rating, review.worst_rating) == (Decimal(6), Decimal(1))
    assert review.claimant_type == "Person"
    assert review.claim_date == date(2020, 6, 13)
    assert review.appearances == (
        "http://www.thepresidency.gov.za/press-statements/president-cyril-ramaphosa-condemns-"
        "surge-murders-women-and-children",
    )
    assert review.review_body.startswith("The sources provided by the presidency")
    assert "\r" not in review.review_body
    assert "limited to provinces or smaller regions.\n\nThe most recent" in review.review_body


def test_graph_wrapper_with_creative_work_and_string_ratings() -> None:
    review = read_example("02-afp-cdc-covid-deaths.json")
    assert review.reviewer_url == "https://factcheck.afp.com/"
    assert (review.best_rating, review.worst_rating) == (Decimal(5), Decimal(1))
    assert review.claimant_type == "Organization"
    assert review.claim_date == date(2020, 5, 14)
    assert review.appearances == (
        "https://www.facebook.com/photo.php?fbid=1334206990098622&set=a.134474800071853&type=3",
    )


def test_data_feed_item_with_claim_appearance_array() -> None:
    review = read_example("03-dpa-datacommons-feeditem.json")
    assert review.reviewer_url == "https://www.presseportal.de/"
    assert review.best_rating is review.worst_rating is None
    assert (review.claimant_type, review.claim_date) == ("Person", date(2019, 9, 7))
    assert review.appearances == (
        "https://www.facebook.com/photo.php?fbid=389949688569877&set=a.155170952047753"
        "&type=3&theater",
    )


def test_yoast_graph_claimant_with_job_title() -> None:
    review = read_example("04-newtral-listas-espera.json")
    assert (review.claimant_type, review.claimant_role) == ("Person", "Diputado")
    assert review.claim_date == date(2022, 10, 5)
    assert review.appearances == ()


def test_type_array_author_array_and_url_without_scheme() -> None:
    review = read_example("05-aosfatos-review-claimreview-type-array.json")
    assert (review.best_rating, review.worst_rating) == (Decimal(6), None)
    assert review.reviewer_url == ""
    assert review.review_body.startswith("Na fala completa, médico dizia")


def test_stray_spaces_are_stripped() -> None:
    review = read_example("06-indiatoday-mostly-false.json")
    assert review.claim_reviewed.endswith("for not developing the coastline.")
    assert review.claim_date is None


def test_empty_rating_value_and_author_url_without_scheme() -> None:
    review = read_example("07-factcheckzw-antibodies.json")
    assert review.rating_value is None
    assert (review.best_rating, review.worst_rating) == (Decimal(5), Decimal(1))
    assert review.reviewer_url == "https://factcheck.cite.org.zw"
    assert (review.claimant_name, review.claimant_type, review.claimant_role) == ("", "", "")


def test_description_serves_as_review_body() -> None:
    review = read_example("08-uolconfere-violencia-campo.json")
    assert review.review_body.startswith('É falso que "a violência no campo caiu')


def test_claim_reviewed_array_and_zero_worst_rating() -> None:
    review = read_example("09-thequint-claimreviewed-array.json")
    assert review.claim_reviewed == "Last Tweets of Sushant Singh Rajput shared on 14 June"
    assert review.worst_rating == Decimal(0)


def test_claim_without_author() -> None:
    review = read_example("10-efeverifica-detenidos.json")
    assert (review.claimant_name, review.claimant_type) == ("", "")
    assert review.claim_date == date(2022, 10, 20)


def review_json(**changes: Any) -> str:
    """A minimal ClaimReview with `changes` applied; a value of None removes the key."""
    review = {
        "@type": "ClaimReview",
        "url": "https://example.com/review",
        "claimReviewed": "The claim.",
        "author": {"@type": "Organization", "name": "Checker"},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
    }
    review.update(changes)
    return json.dumps({key: value for key, value in review.items() if value is not None})


def read_one(text: str) -> ReviewedClaim:
    [review] = read_claimreviews(text)
    return review


@pytest.mark.parametrize(
    ("claim_reviewed", "expected"),
    [
        (["First claim.", "Second claim"], "First claim. Second claim"),
        (["first claim", " second claim "], "first claim; second claim"),
        (["", {"@value": "A value object", "@language": "en"}], "A value object"),
    ],
)
def test_claim_reviewed_arrays_are_joined(claim_reviewed: Any, expected: str) -> None:
    assert read_one(review_json(claimReviewed=claim_reviewed)).claim_reviewed == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4.5, Decimal("4.5")),
        ("4,5", Decimal("4.5")),
        (" 3 ", Decimal(3)),
        ("", None),
        ("N/A", None),
        (True, None),
        (None, None),
    ],
)
def test_rating_values_read_as_decimals(value: Any, expected: Decimal | None) -> None:
    rating = {"alternateName": "Half true", "ratingValue": value}
    assert read_one(review_json(reviewRating=rating)).rating_value == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-24 00:03", date(2020, 6, 24)),
        ("2020-06-16T20:15:35+05:30", date(2020, 6, 16)),
        ("2015-06-7", date(2015, 6, 7)),
        ("2020/06/24", date(2020, 6, 24)),
        ("2020-02-30", None),
        ("yesterday", None),
        (20200624, None),
    ],
)
def test_review_dates_keep_the_date_as_written(value: Any, expected: date | None) -> None:
    assert read_one(review_json(datePublished=value)).review_date == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("example.com/review", "https://example.com/review"),
        ("//example.com/review", "https://example.com/review"),
        ("HTTP://example.com/review", "HTTP://example.com/review"),
        ("javascript://example.com/%0aalert(1)", ""),
        ("/relative/path", ""),
        ("not a url", ""),
    ],
)
def test_review_urls_are_made_absolute_http(url: str, expected: str) -> None:
    assert read_one(review_json(url=url)).review_url == expected


def test_review_url_falls_back_on_main_entity_of_page() -> None:
    review = read_one(review_json(url=None, mainEntityOfPage={"@id": "example.com/page"}))
    assert review.review_url == "https://example.com/page"


@pytest.mark.parametrize(
    "appearance",
    [
        "https://example.com/post",
        {"@type": "CreativeWork", "url": "https://example.com/post"},
        [{"url": "https://example.com/post"}, "https://example.com/post"],
    ],
)
def test_claim_appearance_may_be_a_string_an_object_or_an_array(appearance: Any) -> None:
    review = read_one(review_json(itemReviewed={"@type": "Claim", "appearance": appearance}))
    assert review.appearances == ("https://example.com/post",)


def test_prefixed_types_id_references_and_organisation_subtypes() -> None:
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": ["schema:Review", "https://schema.org/ClaimReview"],
                "claimReviewed": "The claim.",
                "author": {"@id": "#checker"},
                "itemReviewed": {"@id": "#claim"},
                "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"},
            },
            {"@id": "#checker", "@type": "Organization", "name": "Checker", "url": "checker.org"},
            {
                "@id": "#claim",
                "@type": "Claim",
                "author": {"@type": "GovernmentOrganization", "name": "The Ministry"},
                "firstAppearance": {"@id": "https://example.com/first"},
            },
        ],
    }
    review = read_one(json.dumps(document))
    assert (review.reviewer_name, review.reviewer_url) == ("Checker", "https://checker.org")
    assert (review.claimant_name, review.claimant_type) == ("The Ministry", "Organization")
    assert review.appearances == ("https://example.com/first",)
    assert review.language == "en"


def test_author_names_are_joined_and_a_nameless_author_falls_back_on_the_publisher() -> None:
    both = read_one(review_json(author=["Jane Doe", {"@type": "Person", "name": "John Roe"}]))
    assert both.reviewer_name == "Jane Doe, John Roe"
    publisher = {"@type": "Organization", "name": "Example Checks", "url": "https://ex.org/"}
    nameless = read_one(review_json(author={"url": "https://a.org/"}, publisher=publisher))
    assert (nameless.reviewer_name, nameless.reviewer_url) == ("Example Checks", "https://ex.org/")


def test_several_reviews_are_read_in_document_order() -> None:
    first, second = json.loads(review_json()), json.loads(review_json(claimReviewed="Two."))
    reviews = read_claimreviews(
        json.dumps({"@type": "ItemList", "itemListElement": [first, second]})
    )
    assert [review.claim_reviewed for review in reviews] == ["The claim.", "Two."]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("", "not valid JSON: Expecting value at line 1 column 1"),
        ('{"@type": "ClaimReview",', "not valid JSON"),
        ("<html><script>{}</script></html>", r"an HTML page\?"),
        ('{"ratingValue": NaN}', "NaN is not allowed"),
        ("[" * 100_000, "not valid JSON"),
        (b"\xff\xfe{\x00}\x00", "not UTF-8 text"),
        ('{"@type": "NewsArticle", "headline": "No review here"}', "no ClaimReview"),
        ("42", "no ClaimReview"),
        (review_json(claimReviewed=None), r"ClaimReview 1 \(https://example.com/review\) has no"),
        (review_json(claimReviewed=["", "  "]), "has no claimReviewed text"),
    ],
)
def test_unreadable_input_is_a_format_error_naming_the_file(
    data: str | bytes, problem: str
) -> None:
    with pytest.raises(FormatError, match=problem) as raised:
        read_claimreviews(data, filename="feed.json")
    assert str(raised.value).startswith("feed.json: ")


def test_error_names_the_input_when_there_is_no_file_name() -> None:
    with pytest.raises(FormatError, match=r"^<input>: not valid JSON"):
        read_claimreviews("{")


# Markup and character references -----------------------------------------------------


def test_every_text_field_is_read_as_plain_text() -> None:
    review = read_one(
        review_json(
            claimReviewed="<p>The mayor said bus fares &amp; parking fees would <b>halve</b>.</p>",
            author={"@type": "Organization", "name": "Checks &#038; Balances"},
            reviewRating={"@type": "Rating", "alternateName": "<span>Mostly&nbsp;false</span>"},
            itemReviewed={
                "@type": "Claim",
                "author": {
                    "@type": "Person",
                    "name": "Ana &quot;Bea&quot; Cruz",
                    "jobTitle": "Mayor<br/>",
                },
            },
            reviewBody="First finding.<br /><br />&#8220;Second&#8221; finding.",
        )
    )
    assert review.claim_reviewed == "The mayor said bus fares & parking fees would halve."
    assert review.publisher_name == review.reviewer_name == "Checks & Balances"
    assert review.rating_label == "Mostly false"
    assert (review.claimant_name, review.claimant_role) == ('Ana "Bea" Cruz', "Mayor")
    assert review.review_body == "First finding.\n\n“Second” finding."


@pytest.mark.parametrize(
    "claim",
    [
        "It said </script> and left",  # not a formatting tag: a quote of code is text
        "AT&T and R&D budgets rose",  # no closing ";": not a reference
        "Sales grew 3 <4 and 5> 2",
        "Fish&chips&copy2020",
    ],
)
def test_text_that_only_looks_like_markup_is_kept(claim: str) -> None:
    assert read_one(review_json(claimReviewed=claim)).claim_reviewed == claim


def test_references_are_decoded_once() -> None:
    review = read_one(review_json(claimReviewed="Written as &amp;quot; on the page"))
    assert review.claim_reviewed == "Written as &quot; on the page"


@pytest.mark.parametrize("text", ["Use <b> for bold", "Q&amp;A night", "<p>", "&#8220;"])
def test_our_text_that_looks_like_markup_is_written_escaped_and_reads_back(text: str) -> None:
    from claims.formats.claimreview import write_claimreview

    review = replace(
        read_one(review_json()),
        claim_reviewed=text,
        rating_label=text,
        review_date=date(2024, 5, 2),
        claimant_name=text,
        claimant_type="Person",
        claimant_role=text,
        review_body=text,
        rating_value=None,
    )
    node = write_claimreview(review, newsroom_name=text, newsroom_url="https://news.example/")
    back = read_one(json.dumps(node))
    assert (back.claim_reviewed, back.rating_label, back.claimant_name) == (text, text, text)
    assert (back.claimant_role, back.review_body, back.publisher_name) == (text, text, text)


# Who wrote the review, and where it is -----------------------------------------------


def test_the_newsroom_is_never_one_of_its_authors() -> None:
    review = read_one(
        review_json(
            author=[
                {"@type": "Person", "name": "Jane Doe"},
                # A person typed as an organisation, but on an author's page of the site.
                {
                    "@type": "Organization",
                    "name": "John Roe",
                    "url": "https://checks.example/about/authors/john-roe",
                },
            ],
        )
    )
    assert review.publisher_name == ""
    assert review.authors == ("Jane Doe", "John Roe")
    assert review.reviewer_name == "Jane Doe, John Roe"  # who reviewed it, as before


def test_an_organisation_author_or_else_the_publisher_is_the_newsroom() -> None:
    publisher = {"@type": "NewsMediaOrganization", "name": "Daily Group"}
    person = {"@type": "Person", "name": "Al Poe"}
    with_publisher = read_one(review_json(author=person, publisher=publisher))
    assert (with_publisher.publisher_name, with_publisher.authors) == ("Daily Group", ("Al Poe",))
    # Google asks for the fact-checker as the author: the publisher may be its parent.
    both = read_one(
        review_json(
            author=[{"@type": "Organization", "name": "Daily Checks"}, person], publisher=publisher
        )
    )
    assert (both.publisher_name, both.authors) == ("Daily Checks", ("Al Poe",))


def test_the_review_address_is_never_the_reviewed_items() -> None:
    item = {
        "@type": "Claim",
        "url": "https://social.example/post/1",
        "appearance": "https://social.example/post/2",
    }
    review = read_one(review_json(url=None, itemReviewed=item))
    assert review.review_url == ""
    assert review.appearances == ("https://social.example/post/1", "https://social.example/post/2")


def test_the_review_address_falls_back_on_its_own_id_without_the_fragment() -> None:
    review = read_one(
        review_json(url=None, **{"@id": "https://checks.example/2024/bus-fares/#review"})
    )
    assert review.review_url == "https://checks.example/2024/bus-fares/"


# Language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pt_br", "pt-BR"),
        ("ES-mx", "es-MX"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("Español", "es"),
        ({"@type": "Language", "name": "Portuguese"}, "pt"),
        ("العربية", "ar"),
        ("the language of the page", ""),
    ],
)
def test_in_language_is_read_as_a_bcp47_tag(value: Any, expected: str) -> None:
    assert read_one(review_json(inLanguage=value)).language == expected


def test_the_page_language_stands_in_for_the_reviews() -> None:
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "https://checks.example/p/#page", "inLanguage": "fr-FR"},
            json.loads(review_json()),
            json.loads(review_json(inLanguage="de", claimReviewed="Another.")),
        ],
    }
    first, second = read_claimreviews(json.dumps(document))
    assert (first.language, second.language) == ("fr-FR", "de")
    item = {"@type": "Claim", "inLanguage": "it"}
    assert read_one(review_json(itemReviewed=item)).language == "it"


_VOCABULARY = [
    "@type",
    "@id",
    "@graph",
    "@value",
    "item",
    "claimReviewed",
    "url",
    "datePublished",
    "author",
    "publisher",
    "name",
    "jobTitle",
    "reviewRating",
    "ratingValue",
    "bestRating",
    "worstRating",
    "alternateName",
    "itemReviewed",
    "appearance",
    "firstAppearance",
    "mainEntityOfPage",
    "inLanguage",
    "reviewBody",
    "description",
]
_SAMPLE_TEXTS = ["ClaimReview", "claimreview", "Claim", "Person", "Organization", "#a"]
_SAMPLE_TEXTS += ["2020-06-24 00:03", "2020-13-45", "example.com/x", "javascript:x", " 4,5 "]
_SAMPLE_TEXTS += ["", "N/A", "\r", "Some claim."]
_TEXTS = st.sampled_from(_SAMPLE_TEXTS) | st.text(max_size=10)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | _TEXTS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(_VOCABULARY) | st.text(max_size=5), children, max_size=6)
    ),
    max_leaves=30,
)


def _check(data: str | bytes) -> None:
    try:
        reviews = read_claimreviews(data, filename="x.json")
    except FormatError:
        return
    for review in reviews:
        assert isinstance(review, ReviewedClaim)
        assert review.claim_reviewed
        assert all(url.lower().startswith(("http://", "https://")) for url in review.appearances)


# Objects typed ClaimReview with any of the properties the reader looks at, holding anything.
_REVIEWS = st.fixed_dictionaries(
    {"@type": st.sampled_from(["ClaimReview", ["Review", "ClaimReview"], "schema:claimReview"])},
    optional={key: _TEXTS | _JSON for key in _VOCABULARY if key != "@type"},
)


@settings(max_examples=100)
@given(_JSON | _REVIEWS | st.lists(_REVIEWS | _JSON, max_size=3))
def test_any_json_reads_or_raises_format_error(document: Any) -> None:
    _check(json.dumps(document))


@settings(max_examples=100)
@given(st.text() | st.binary())
def test_any_text_or_bytes_read_or_raise_format_error(data: str | bytes) -> None:
    _check(data)
