"""Tables as CSV that opens cleanly in a spreadsheet.

UTF-8 with a byte-order mark (so Excel reads it as UTF-8), a header row,
numbers written as numbers, and cells that a spreadsheet would run as a
formula ("=HYPERLINK(...)", "+1", "@SUM") neutralised with a leading
apostrophe, as OWASP advises against CSV injection.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

BOM = "\ufeff"
# What makes a spreadsheet read a cell as a formula, or as a command in older ones.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def cell(value: object) -> str | int | float:
    """One value as it should stand in a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        # Plain digits, no exponent and no trailing zeros: a spreadsheet reads a number.
        return (
            format(value.normalize(), "f")
            if value == value.to_integral_value()
            else str(value.normalize())
        )
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    """A plain decimal number such as "-3000" or "2.5": safe to leave as it is."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


def rows_as_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The table line by line, for a streaming response: BOM and header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow([cell(name) for name in header])
    yield BOM + flush()
    for row in rows:
        writer.writerow([cell(value) for value in row])
        yield flush()
