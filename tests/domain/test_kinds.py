"""The kind a new claim starts with, read from its passage."""

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.domain.kinds import kind_of_passage


@pytest.mark.parametrize(
    "passage",
    [
        "North Korea has sent 10,000 troops",
        "some 440,000 soldiers were wounded",
        "“We lost 3,000 men,” he said",  # a figure comes first, even in a quote
        "between 1,500 and 12,000",
    ],
)
def test_a_passage_with_a_figure_is_a_quantity(passage):
    assert kind_of_passage(passage) == "quantity"


@pytest.mark.parametrize(
    "passage",
    [
        '"The talks went well," the minister said',
        "“The talks went well,” the minister said",
        "„Die Gespräche waren gut“, sagte der Minister",
        "«Les discussions se sont bien passées», a dit le ministre",
        "»Die Gespräche waren gut«, sagte er",
        "He said: “The talks went well and will go on next week”",
        "“The talks went well and will",  # a quote cut off by the selection
        "  “Talks went well”",
    ],
)
def test_a_passage_in_quotation_marks_is_a_quotation(passage):
    assert kind_of_passage(passage) == "quotation"


@pytest.mark.parametrize(
    "passage",
    [
        "Russia denied the reports",
        "The ministry called the report “fake” on Monday evening in Moscow",
        "Korea’s spy agency briefed lawmakers",  # an apostrophe is not a quote mark
        "",
        "   ",
    ],
)
def test_any_other_passage_is_a_statement(passage):
    assert kind_of_passage(passage) == "statement"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_every_passage_gets_one_of_the_three_kinds(text):
    assert kind_of_passage(text) in {"quantity", "quotation", "statement"}


def test_kinds_imports_nothing_from_django():
    code = (
        "import sys, claims.domain.kinds; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
