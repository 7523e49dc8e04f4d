"""Writing our verdicts as ClaimReview JSON-LD: valid for schema.org and Google, and read back whole.

What the round trip cannot carry: the writer makes the newsroom the review's author, so a
ReviewedClaim's reviewer_name, reviewer_url and publisher_name read back as the newsroom's name,
URL and name, whatever they held. Everything else reads back equal, once text is normalised as
the reader normalises it (see `test_text_is_normalised_as_the_reader_reads_it`).
"""

import json
import string
from dataclasses import fields, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.formats.claimreview import ReviewedClaim, read_claimreviews, write_claimreview
from tests.formats.schemaorg import vocabulary_problems

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "interop" / "claimreview-examples"
NEWSROOM = "Example Newsroom"
NEWSROOM_URL = "https://news.example.org/"

FULL = ReviewedClaim(
    claim_reviewed="Unemployment fell by half in 2023.",
    review_url="https://news.example.org/checks/unemployment-2023",
    review_date=date(2024, 3, 1),
    reviewer_name=NEWSROOM,
    reviewer_url=NEWSROOM_URL,
    rating_label="Mostly false",
    rating_value=Decimal("2.5"),
    best_rating=Decimal(5),
    worst_rating=Decimal(1),
    claimant_name="Jane Roe",
    claimant_type="Person",
    claimant_role="Minister of Labour",
    claim_date=date(2024, 2, 20),
    appearances=("https://paper.example.com/2024/02/jobs", "http://tv.example.net/news?id=7"),
    language="en",
    review_body="Official figures show a fall of 8%, not 50%.\n\nThe minister's office agreed.",
    publisher_name=NEWSROOM,
)


def write(review: ReviewedClaim) -> dict[str, Any]:
    return write_claimreview(review, newsroom_name=NEWSROOM, newsroom_url=NEWSROOM_URL)


def read_back(node: dict[str, Any]) -> ReviewedClaim:
    [review] = read_claimreviews(json.dumps(node))
    return review


def assert_round_trip(review: ReviewedClaim) -> None:
    """Written and read back, the review is equal field by field, but for the newsroom's."""
    back = read_back(write(review))
    expected = replace(
        review, reviewer_name=NEWSROOM, reviewer_url=NEWSROOM_URL, publisher_name=NEWSROOM
    )
    for field in fields(ReviewedClaim):
        assert getattr(back, field.name) == getattr(expected, field.name), field.name


def recommends(*names: str) -> list[str]:
    return [f"$: missing {name}, which Google recommends" for name in names]


def test_full_review_is_written_in_google_and_schema_org_shape() -> None:
    assert write(FULL) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Unemployment fell by half in 2023.",
        "url": "https://news.example.org/checks/unemployment-2023",
        "datePublished": "2024-03-01",
        "author": {"@type": "Organization", "name": NEWSROOM, "url": NEWSROOM_URL},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2.5,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Mostly false",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Roe", "jobTitle": "Minister of Labour"},
            "datePublished": "2024-02-20",
            "appearance": [
                {"@type": "CreativeWork", "url": "https://paper.example.com/2024/02/jobs"},
                {"@type": "CreativeWork", "url": "http://tv.example.net/news?id=7"},
            ],
        },
        "reviewBody": "Official figures show a fall of 8%, not 50%.\n\nThe minister's office agreed.",
        "inLanguage": "en",
    }


def test_full_review_has_no_problems_and_round_trips() -> None:
    assert vocabulary_problems(write(FULL)) == []
    assert_round_trip(FULL)


def test_an_updated_review_carries_its_date_modified_and_round_trips() -> None:
    updated = replace(FULL, date_modified=date(2024, 3, 9))
    node = write(updated)
    assert (node["datePublished"], node["dateModified"]) == ("2024-03-01", "2024-03-09")
    assert vocabulary_problems(node) == []
    assert_round_trip(updated)
    assert "dateModified" not in write(FULL)


def test_rating_numbers_are_json_numbers() -> None:
    text = json.dumps(write(FULL))
    assert '"ratingValue": 2.5, "bestRating": 5, "worstRating": 1,' in text


def test_reviewer_and_publisher_read_back_as_the_newsroom() -> None:
    other = replace(FULL, reviewer_name="A. Checker", reviewer_url="", publisher_name="Other")
    back = read_back(write(other))
    assert (back.reviewer_name, back.reviewer_url, back.publisher_name) == (
        NEWSROOM,
        NEWSROOM_URL,
        NEWSROOM,
    )


def test_organisation_claimant_has_no_job_title() -> None:
    review = replace(FULL, claimant_name="Ministry of Labour", claimant_type="Organization")
    review = replace(review, claimant_role="")
    node = write(review)
    assert node["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Ministry of Labour",
    }
    assert vocabulary_problems(node) == []
    assert_round_trip(review)


def test_claim_without_date_or_appearances_omits_them_and_google_misses_them() -> None:
    review = replace(FULL, claim_date=None, appearances=())
    node = write(review)
    assert node["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Jane Roe", "jobTitle": "Minister of Labour"},
    }
    # Valid schema.org; only Google's recommended list notices what is missing.
    assert vocabulary_problems(node) == recommends(
        "itemReviewed.datePublished", "itemReviewed.appearance"
    )
    assert_round_trip(review)


def test_bare_claim_and_review_omit_every_optional_property() -> None:
    review = replace(
        FULL,
        rating_value=None,
        best_rating=None,
        worst_rating=None,
        claimant_name="",
        claimant_type="",
        claimant_role="",
        claim_date=None,
        appearances=(),
        language="",
        review_body="",
    )
    node = write(review)
    assert node["itemReviewed"] == {"@type": "Claim"}
    assert node["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false"}
    assert "reviewBody" not in node
    assert "inLanguage" not in node
    assert vocabulary_problems(node) == recommends(
        "itemReviewed.author", "itemReviewed.datePublished", "itemReviewed.appearance"
    )
    assert_round_trip(review)


def test_text_is_normalised_as_the_reader_reads_it() -> None:
    review = replace(
        FULL,
        claim_reviewed="  The claim.\r\nSecond line. ",
        rating_label="Incorrect \r",
        claimant_name=" Jane   Roe ",
        review_body="\r\nFirst.\r\n\r\nSecond.\r",
        review_url=" https://news.example.org/checks/x ",
        appearances=(FULL.appearances[0], FULL.appearances[0]),
    )
    node = write(review)
    assert node["claimReviewed"] == "The claim.\nSecond line."
    assert node["reviewRating"]["alternateName"] == "Incorrect"
    assert node["itemReviewed"]["author"]["name"] == "Jane Roe"
    assert node["reviewBody"] == "First.\n\nSecond."
    assert node["url"] == "https://news.example.org/checks/x"
    assert len(node["itemReviewed"]["appearance"]) == 1
    assert vocabulary_problems(node) == []
    back = read_back(node)
    assert (back.claim_reviewed, back.rating_label, back.review_body, back.appearances) == (
        "The claim.\nSecond line.",
        "Incorrect",
        "First.\n\nSecond.",
        FULL.appearances[:1],
    )


def test_long_claims_and_datetimes_are_written_without_loss() -> None:
    claim = "A claim well over the seventy-five characters Google suggests, " * 3
    review = replace(FULL, claim_reviewed=claim.strip(), review_date=datetime(2024, 3, 1, 23, 59))
    node = write(review)
    assert node["claimReviewed"] == claim.strip()
    assert node["datePublished"] == "2024-03-01"
    assert read_back(node).review_date == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("changes", "newsroom", "message"),
    [
        ({"claim_reviewed": " \n "}, {}, "claim_reviewed is empty"),
        ({"rating_label": ""}, {}, "rating_label is empty"),
        ({"review_date": None}, {}, "review_date is missing"),
        ({"rating_value": Decimal(6)}, {}, r"rating_value 6 is outside worst..best \(1..5\)"),
        ({"rating_value": Decimal("0.5")}, {}, r"rating_value 0.5 is outside"),
        ({"best_rating": Decimal(1)}, {}, "worst_rating 1 must be less than best_rating 1"),
        ({"worst_rating": None}, {}, "needs all three numbers; worst_rating missing"),
        ({"rating_value": Decimal("NaN")}, {}, "rating_value NaN is not a finite number"),
        ({"rating_value": Decimal("2.12345678901234567")}, {}, "more digits than a JSON"),
        ({"rating_value": 2.5}, {}, "rating_value must be a Decimal"),
        ({"review_url": "ftp://news.example.org/x"}, {}, "review_url 'ftp://.*' is not an abs"),
        ({"review_url": "news.example.org/x"}, {}, "review_url .* is not an absolute http"),
        ({"review_url": "https://news.example.org/a b"}, {}, "review_url .* is not an absolute"),
        ({"review_url": "https://"}, {}, "review_url .* is not an absolute http"),
        ({"appearances": ("javascript:alert(1)",)}, {}, "appearance .* is not an absolute"),
        ({"claimant_type": ""}, {}, "claimant_type '' of 'Jane Roe' must be 'Person' or"),
        ({"claimant_type": "Organization"}, {}, "claimant_role 'Minister of Labour' is for a"),
        ({"claimant_name": ""}, {}, "given without a claimant_name"),
        ({}, {"newsroom_name": " "}, "newsroom_name is empty"),
        ({}, {"newsroom_url": "//news.example.org/"}, "newsroom_url .* is not an absolute"),
    ],
)
def test_writer_refuses_missing_or_malformed_values(
    changes: dict[str, Any], newsroom: dict[str, str], message: str
) -> None:
    arguments = {"newsroom_name": NEWSROOM, "newsroom_url": NEWSROOM_URL, **newsroom}
    with pytest.raises(ValueError, match=message):
        write_claimreview(replace(FULL, **changes), **arguments)


# The validator can fail ---------------------------------------------------------------------

# Every real example has problems; one telling problem per file, as the validator words it.
EXAMPLE_PROBLEMS = {
    "01-africacheck-51pct-ipv.json": "$.itemReviewed.@type: 'creativeWork' is not in exact case; "
    "the class is 'CreativeWork'",
    "02-afp-cdc-covid-deaths.json": '$.@graph[0].datePublished: "2020-06-24 00:03" is not an '
    "ISO 8601 date (YYYY-MM-DD) or an ISO 8601 date-time",
    "03-dpa-datacommons-feeditem.json": '$: the top-level node is a "DataFeedItem", '
    "not the ClaimReview",
    "04-newtral-listas-espera.json": "$.@graph: an @graph wrapper; publish the ClaimReview "
    "object itself",
    "05-aosfatos-review-claimreview-type-array.json": '$.@type: an array ["Review", '
    '"ClaimReview"]; @type must be one string',
    "06-indiatoday-mostly-false.json": "$: missing datePublished, which Google recommends",
    "07-factcheckzw-antibodies.json": "$[0].reviewRating.ratingValue: an empty value; "
    "omit the property instead",
    "08-uolconfere-violencia-campo.json": '$[0].reviewRating.ratingValue: the string "1"; '
    "a rating number must be a JSON number",
    "09-thequint-claimreviewed-array.json": "$.claimReviewed: an array; claimReviewed must be "
    "one string",
    "10-efeverifica-detenidos.json": "$[0]: missing itemReviewed.author, which Google recommends",
}


def example_problems(name: str) -> list[str]:
    return vocabulary_problems(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def test_every_example_file_has_an_expected_problem() -> None:
    assert sorted(path.name for path in EXAMPLES.glob("*.json")) == sorted(EXAMPLE_PROBLEMS)


@pytest.mark.parametrize(("name", "problem"), EXAMPLE_PROBLEMS.items(), ids=list(EXAMPLE_PROBLEMS))
def test_real_example_has_its_expected_problem(name: str, problem: str) -> None:
    assert problem in example_problems(name)


def test_more_quirks_of_the_real_examples() -> None:
    africa = example_problems("01-africacheck-51pct-ipv.json")
    label = "$.reviewRating.alternateName"
    assert f'{label}: a carriage return in "Incorrect \\r"' in africa
    assert f'{label}: leading or trailing whitespace in "Incorrect \\r"' in africa
    assert '$.itemReviewed: a "creativeWork"; Google expects a Claim' in africa
    aos = example_problems("05-aosfatos-review-claimreview-type-array.json")
    assert any(problem.startswith('$.url: "aosfatos.org/noticias/') for problem in aos)
    assert '$.publisher.foundingDate: "2015-06-7" is not an ISO 8601 date or date-time' in aos
    assert "$.itemReviewed.author.sameAs: an empty array; omit the property instead" in aos
    zw = example_problems("07-factcheckzw-antibodies.json")
    assert "$: a top-level array; publish the ClaimReview object itself" in zw
    assert '$[0].author.url: "factcheck.cite.org.zw" is not an absolute http(s) URL' in zw
    best = '$[0].reviewRating.bestRating: the string "5"; a rating number must be a JSON number'
    assert best in zw
    # dpa's feed item is complete for Google: the wrapper is its one problem, with @context.
    assert example_problems("03-dpa-datacommons-feeditem.json") == [
        "$: no @context; give schema.org's",
        '$: the top-level node is a "DataFeedItem", not the ClaimReview',
    ]


def place(node: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """The object holding the dotted path's last key, and that key."""
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    return node, last


def broken(path: str, value: Any) -> dict[str, Any]:
    """The full review as written, with the value at a dotted path replaced."""
    node = write(FULL)
    parent, key = place(node, path)
    parent[key] = value
    return node


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (
            "reviewRating.ratingValue",
            "2.5",
            '$.reviewRating.ratingValue: the string "2.5"; a rating number must be a JSON number',
        ),
        (
            "@type",
            ["Review", "ClaimReview"],
            '$.@type: an array ["Review", "ClaimReview"]; @type must be one string',
        ),
        (
            "datePublished",
            "2020-06-24 00:03",
            '$.datePublished: "2020-06-24 00:03" is not an ISO 8601 date (YYYY-MM-DD) or an '
            "ISO 8601 date-time",
        ),
        ("datePublished", "2020-02-30", '$.datePublished: "2020-02-30" is not an ISO 8601'),
        (
            "url",
            "news.example.org/checks/x",
            '$.url: "news.example.org/checks/x" is not an absolute http(s) URL',
        ),
        (
            "claimReviewed",
            ["Unemployment fell by half in 2023."],
            "$.claimReviewed: an array; claimReviewed must be one string",
        ),
        (
            "itemReviewed.@type",
            "claim",
            "$.itemReviewed.@type: 'claim' is not in exact case; the class is 'Claim'",
        ),
        ("reviewRating.ratingValue", "", "$.reviewRating.ratingValue: an empty value; omit"),
        ("inLanguage", None, "$.inLanguage: an empty value; omit the property instead"),
        ("reviewBody", "Body. ", '$.reviewBody: leading or trailing whitespace in "Body. "'),
        (
            "author.@type",
            "Organisation",
            "$.author.@type: 'Organisation' is not a schema.org class",
        ),
        ("author.@type", "schema:Organization", "$.author.@type: 'schema:Organization' is not a"),
        ("rating", 3, "$.rating: 'rating' is not a schema.org property"),
        ("ClaimReviewed", "x", "$.ClaimReviewed: 'ClaimReviewed' is not in exact case; the term"),
        ("Claim", "x", "$.Claim: 'Claim' is a schema.org class, not a property"),
        ("@graph", [], "$.@graph: an @graph wrapper; publish the ClaimReview object itself"),
        ("@context", "https://example.org", '$.@context: "https://example.org" is not schema.org'),
        (
            "reviewRating",
            {"@type": "Claim"},
            "$.reviewRating: a Claim, but reviewRating expects Rating",
        ),
        (
            "author",
            "Example Newsroom",
            '$.author: "Example Newsroom" is not a node; author expects a node of class '
            "Organization or Person",
        ),
        (
            "itemReviewed.appearance",
            "https://paper.example.com/x",
            '$.itemReviewed.appearance: "https://paper.example.com/x" is not a node',
        ),
        ("url", {"@id": "https://x.example"}, "$.url: an object, but url expects an absolute"),
        (
            "itemReviewed.claimReviewed",
            "A claim.",
            "$.itemReviewed.claimReviewed: claimReviewed is not a property of Claim; "
            "its domain is ClaimReview",
        ),
        (
            "reviewRating.datePublished",
            "2024-03-01",
            "$.reviewRating.datePublished: datePublished is not a property of Rating; "
            "its domain is Certification or CreativeWork",
        ),
        ("author.sameAs", " https://x.example/", '$.author.sameAs: " https://x.example/" is not'),
        ("author.logo", "x.example/logo.png", '$.author.logo: "x.example/logo.png" is not an abs'),
        ("itemReviewed", {"@id": "#claim"}, "$.itemReviewed: no @type"),
    ],
)
def test_broken_markup_gives_its_problem(path: str, value: Any, problem: str) -> None:
    problems = vocabulary_problems(broken(path, value))
    assert any(found.startswith(problem) for found in problems), problems


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("claimReviewed", "$: missing claimReviewed, which Google requires"),
        ("url", "$: missing url, which Google requires"),
        (
            "reviewRating.alternateName",
            "$: missing reviewRating.alternateName, which Google requires",
        ),
        ("author", "$: missing author, which Google recommends"),
        ("datePublished", "$: missing datePublished, which Google recommends"),
    ],
)
def test_missing_google_properties_are_reported(path: str, problem: str) -> None:
    node = write(FULL)
    parent, key = place(node, path)
    del parent[key]
    assert problem in vocabulary_problems(node)


def test_first_appearance_stands_in_for_appearance() -> None:
    node = write(FULL)
    node["itemReviewed"]["firstAppearance"] = node["itemReviewed"].pop("appearance")[0]
    assert vocabulary_problems(node) == []


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ([], "$: no ClaimReview node"),
        ("ClaimReview", '$: "ClaimReview" is not a JSON object'),
        ({"@type": "ClaimReview"}, "$: no @context; give schema.org's"),
    ],
)
def test_documents_that_are_no_claimreview(document: Any, problem: str) -> None:
    assert problem in vocabulary_problems(document)


# Any review the app can give ----------------------------------------------------------------

# Texts without control characters, as the reader gives them back: one-line texts (names,
# labels, roles) with single spaces, free texts (claims, bodies) stripped, newlines allowed.
_LINES = (
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
_TEXTS = (
    st.text(
        st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n"),
        min_size=1,
        max_size=200,
    )
    .map(str.strip)
    .filter(bool)
)
_HOSTS = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?(?:\.[a-z]{2,6}){1,2}", fullmatch=True)
_URLS = st.builds(
    "{}://{}/{}".format,
    st.sampled_from(["http", "https"]),
    _HOSTS,
    st.text(string.ascii_letters + string.digits + "-._~/%?=&#", max_size=30),
)
_RATINGS = st.none() | st.decimals(
    min_value=1, max_value=5, places=2, allow_nan=False, allow_infinity=False
)
_CLAIMANTS = (
    st.tuples(_LINES, st.just("Person"), st.just("") | _LINES)
    | st.tuples(_LINES, st.just("Organization"), st.just(""))
    | st.just(("", "", ""))
)


@st.composite
def reviewed_claims(draw: st.DrawFn) -> ReviewedClaim:
    rating = draw(_RATINGS)
    name, kind, role = draw(_CLAIMANTS)
    return ReviewedClaim(
        claim_reviewed=draw(_TEXTS),
        review_url=draw(_URLS),
        review_date=draw(st.dates()),
        # Not written: they read back as the newsroom's.
        reviewer_name=draw(st.just("") | _LINES),
        reviewer_url=draw(st.just("") | _URLS),
        rating_label=draw(_LINES),
        rating_value=rating,
        best_rating=None if rating is None else Decimal(5),
        worst_rating=None if rating is None else Decimal(1),
        claimant_name=name,
        claimant_type=kind,
        claimant_role=role,
        claim_date=draw(st.none() | st.dates()),
        appearances=tuple(draw(st.lists(_URLS, max_size=3, unique=True))),
        language=draw(st.sampled_from(["", "en", "de", "pt-BR", "es"])),
        review_body=draw(st.just("") | _TEXTS),
        publisher_name=draw(st.just("") | _LINES),
        date_modified=draw(st.none() | st.dates()),
    )


@settings(max_examples=200)
@given(reviewed_claims())
def test_any_review_writes_valid_markup_that_reads_back(review: ReviewedClaim) -> None:
    node = write(review)
    # Valid through and through; Google only misses the claim's parts the review lacks.
    missing = {
        "itemReviewed.author": review.claimant_name,
        "itemReviewed.datePublished": review.claim_date,
        "itemReviewed.appearance": review.appearances,
    }
    assert vocabulary_problems(node) == recommends(
        *(name for name, value in missing.items() if not value)
    )
    assert_round_trip(review)
