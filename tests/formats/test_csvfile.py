import csv
import io
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from claims.formats.csvfile import BOM, cell, rows_as_csv


def read(lines) -> list[list[str]]:
    text = "".join(lines)
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def test_a_header_row_then_the_rows():
    table = read(
        rows_as_csv(
            ["source", "low"], [["Cho Tae-yong", Decimal("3000.000000")], ["조태용 🇰🇷", None]]
        )
    )
    assert table == [["source", "low"], ["Cho Tae-yong", "3000"], ["조태용 🇰🇷", ""]]


def test_numbers_stay_numbers_and_dates_are_iso():
    assert cell(Decimal("12000.000000")) == "12000"
    assert cell(Decimal("-2.500")) == "-2.5"
    assert cell(7) == 7
    assert cell(date(2024, 10, 23)) == "2024-10-23"


def test_formulas_are_neutralised():
    for payload in (
        '=HYPERLINK("http://evil")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "|calc",
        "%x",
    ):
        assert cell(payload).startswith("'"), payload
    assert cell("-3000") == "-3000"  # a negative number as text is still a number
    assert cell("Plain text") == "Plain text"


@given(st.lists(st.lists(st.text(), min_size=2, max_size=2), max_size=5))
def test_any_text_survives_the_round_trip_and_never_starts_a_formula(rows):
    table = read(rows_as_csv(["a", "b"], rows))
    assert len(table) == len(rows) + 1
    for written, original in zip(table[1:], rows, strict=True):
        for value, text in zip(written, original, strict=True):
            assert not value.startswith(("=", "+", "@")) or value.startswith("'")
            assert value == text or value == "'" + text
