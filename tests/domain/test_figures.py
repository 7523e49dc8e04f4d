"""The figures a passage claims, read with the language pipeline."""

from decimal import Decimal as D

import pytest

from claims.domain.extraction.figures import claimed_figures
from claims.domain.extraction.pipeline import nlp
from claims.domain.numbers import ParsedQuantity, Qualifier, Unit, counted_after

COUNT, PERCENT = Unit.COUNT, Unit.PERCENT


@pytest.fixture(scope="module")
def read():
    pipeline = nlp()

    def figures(text: str) -> tuple[ParsedQuantity, ...]:
        return claimed_figures(pipeline(text), 0, len(text))

    return figures


def _summary(found: tuple[ParsedQuantity, ...]) -> list[tuple]:
    return [(q.wording, q.low, q.high, q.unit, q.change) for q in found]


def test_a_fall_to_a_price_is_a_negative_change_and_a_level_not_a_range(read):
    assert _summary(read("Shares in the bakery fell 3.38% to $55.12 on Monday.")) == [
        ("3.38%", D("-3.38"), D("-3.38"), PERCENT, True),
        ("$55.12", D("55.12"), D("55.12"), COUNT, False),
    ]


def test_points_of_a_share_are_a_change_in_percentage_points(read):
    assert _summary(read("Backing for the mayor rose 2 points to 48% in our poll.")) == [
        ("2", D(2), D(2), PERCENT, True),
        ("48%", D(48), D(48), PERCENT, False),
    ]


def test_up_from_a_level_is_a_positive_change_and_the_level_before(read):
    assert _summary(read("The fare is up 5% from $20 last spring.")) == [
        ("5%", D(5), D(5), PERCENT, True),
        ("$20", D(20), D(20), COUNT, False),
    ]


def test_from_one_level_to_another_gives_both_levels(read):
    assert _summary(read("Club membership went from 40 to 55 over the summer.")) == [
        ("40", D(40), D(40), COUNT, False),
        ("55", D(55), D(55), COUNT, False),
    ]


def test_a_bare_change_to_a_level_is_split_where_the_parse_says_so(read):
    assert _summary(read("The ferry index rose 0.25 to 5.5 in May.")) == [
        ("0.25", D("0.25"), D("0.25"), COUNT, True),
        ("5.5", D("5.5"), D("5.5"), COUNT, False),
    ]


@pytest.mark.parametrize(
    ("text", "wording", "value"),
    [
        ("Flu cases rose by 500 this week.", "500", D(500)),
        ("The town's population shrank by 10,000 last year.", "10,000", D(-10000)),
        ("The Dow lost 500 points on the news.", "500", D(-500)),
        ("Bread prices were down 4% on a year earlier.", "4%", D(-4)),
        ("Rents are 8% higher than a year ago.", "8%", D(8)),
        ("The council reported a 12% drop in visitors.", "12%", D(-12)),
        ("Farms saw a decline of $3 billion in income.", "$3 billion", D(-3000000000)),
        ("Coal output dropped by 200,000 tonnes a year.", "200,000", D(-200000)),
    ],
)
def test_movements_are_changes_signed_by_their_direction(read, text, wording, value):
    assert _summary(read(text)) == [
        (wording, value, value, PERCENT if "%" in wording else COUNT, True)
    ]


def test_a_share_in_words_can_be_a_change(read):
    (q,) = read("Imports from the port rose by a third.")
    assert (q.wording, q.low, q.unit, q.change) == ("a third", D("33.33"), PERCENT, True)


def test_a_range_of_change_keeps_its_bounds_in_order_when_negated(read):
    (q,) = read("Orders could fall between 3% and 5% this year.")
    assert (q.low, q.high, q.qualifier, q.change) == (D(-5), D(-3), Qualifier.BETWEEN, True)
    assert q.plausible_interval() == (D("-5.5"), D("-2.5"))


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("Inflation stood at 3.2% in June.", "3.2%"),
        ("Unemployment fell to 4% by the autumn.", "4%"),
        ("The firm cut 500 jobs at its plant.", "500"),
        ("Turnout was 62%, officials said.", "62%"),
        ("The club raised $2.3 million for its pitch.", "$2.3 million"),
    ],
)
def test_levels_and_counts_near_verbs_of_movement_are_not_changes(read, text, wording):
    (q,) = read(text)
    assert (q.wording, q.change, q.low > 0) == (wording, False, True)


@pytest.mark.parametrize(
    "text",
    [
        "The Boeing 737 is back in service.",
        "Her iPhone 11 was stolen.",
        "The S&P 500 ended the day flat.",
        "Windows 10 is on most office machines.",
        "The F-35 flew over the town.",
        "Leaders of the G7 and the G20 met.",
        "Fortune 500 companies were invited.",
        "COVID-19 closed the school.",
        "PlayStation 5 stock ran out.",
        "They sell 4K TV sets.",
    ],
)
def test_product_and_index_names_are_not_figures(read, text):
    assert read(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "1. The agency will move.",
        "2) The council meets in spring.",
        "No. 3 on the list was a bakery.",
        "The office at 12 Main Street is closed.",
        "She lives at 10 Downing St. with her family.",
    ],
)
def test_list_numbers_and_street_addresses_are_not_figures(read, text):
    assert read(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Smith, 54, said the plan was sound.",
        "A 35-year-old man was arrested.",
        "The mayor, aged 61, stepped down.",
        "The visitors won 3-1 on Saturday.",
        "The home side lost 1-3 after extra time.",
        "The Senate voted 48-52 against the bill.",
    ],
)
def test_ages_scores_and_tallies_are_not_figures(read, text):
    assert read(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "The 2019-2020 season was cancelled.",
        "Figures for 2019–20 were revised.",
        "In 2021 the rules changed.",
        "The meeting starts at 5 pm on March 3.",
        "She finished third in the race.",
        "Call 555-123-4567 for details.",
        "H.R. 1 passed the House.",
        "Route 66 was closed.",
        "Flight 370 was never found.",
    ],
)
def test_dates_times_ordinals_phones_and_references_are_not_figures(read, text):
    assert read(text) == ()


def test_a_plain_count_keeps_what_it_counts(read):
    text = "Officials said 3,000 North Korean troops were sent."
    (q,) = read(text)
    assert (q.wording, q.low, q.high, q.qualifier, q.unit, q.change) == (
        "3,000",
        D(3000),
        D(3000),
        Qualifier.EXACT,
        COUNT,
        False,
    )
    assert text[q.start : q.end] == "3,000"
    assert counted_after(text, q) == "North Korean troops"


def test_counts_next_to_names_and_ages_are_kept(read):
    found = read("Boeing said it delivered 12 737 jets, and Jones, 61, lost 300 sheep.")
    assert [(q.wording, q.low) for q in found] == [("12", D(12)), ("300", D(300))]


def test_money(read):
    (q,) = read("The deal is worth $4.5 million to the city.")
    assert (q.wording, q.low, q.high, q.unit, q.change) == (
        "$4.5 million",
        D(4500000),
        D(4500000),
        COUNT,
        False,
    )


def test_percent(read):
    (q,) = read("About 40% of voters backed the plan.")
    assert (q.wording, q.low, q.high, q.qualifier, q.unit) == (
        "About 40%",
        D(40),
        D(40),
        Qualifier.ABOUT,
        PERCENT,
    )


def test_between_two_counts(read):
    (q,) = read("Between 1,500 and 12,000 people may have fled.")
    assert (q.wording, q.low, q.high, q.qualifier, q.change) == (
        "Between 1,500 and 12,000",
        D(1500),
        D(12000),
        Qualifier.BETWEEN,
        False,
    )


def test_either_of_two_counts(read):
    (q,) = read("The toll was 1,500 or 12,000, depending on the source.")
    assert (q.wording, q.low, q.high, q.qualifier, q.alternatives) == (
        "1,500 or 12,000",
        D(1500),
        D(12000),
        Qualifier.EITHER_OR,
        (D(1500), D(12000)),
    )


def test_offsets_are_in_the_whole_text_and_only_the_passage_is_read(read):
    text = "Police counted 200 cars. Organisers said 5,000 people were there."
    doc = nlp()(text)
    start = text.index("Organisers")
    (q,) = claimed_figures(doc, start, len(text))
    assert (q.wording, q.start, q.end) == ("5,000", text.index("5,000"), text.index(" people"))
    assert counted_after(text, q) == "people"


def test_figures_module_imports_nothing_from_django():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = (root / "claims" / "domain" / "extraction" / "figures.py").read_text("utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert "claims.domain.numbers" in imported
    assert not any(name.split(".")[0] == "django" for name in imported)
