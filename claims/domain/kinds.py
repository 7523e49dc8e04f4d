"""The kind a new claim starts with, read from its passage.

A passage with a figure is a quantity, one in quotation marks a quotation, anything
else a statement. The editor may change it afterwards; this only saves a click, and keeps
a passage without a figure from being filed as a quantity.
"""

import re

from claims.domain.numbers import find_quantities

QUANTITY = "quantity"
QUOTATION = "quotation"
STATEMENT = "statement"

# Opening marks and the marks that may close them, as newsrooms in several languages
# write them: "…", “…”, „…“ or „…”, «…», ‹…›, and the German »…«.
_CLOSERS = {
    '"': '"',
    "“": "”",
    "„": "“”",
    "«": "»",
    "‹": "›",
    "»": "«",
}
_QUOTED = re.compile(
    "|".join(
        f"{re.escape(opener)}[^{re.escape(opener + closers)}]*(?:[{re.escape(closers)}]|$)"
        for opener, closers in _CLOSERS.items()
    )
)

# A quoted span must make up at least this share of the passage's letters and digits
# for the passage to count as a quotation ("called it a “tragedy”" does not).
MOSTLY = 0.5


def kind_of_passage(text: str) -> str:
    """'quantity', 'quotation' or 'statement' for a passage of an article."""
    if find_quantities(text):
        return QUANTITY
    passage = text.strip()
    if (passage and passage[0] in _CLOSERS) or passage[:1] == "”":
        return QUOTATION  # a passage that opens a quote, even one cut off before its end
    total = _letters(passage)
    quoted = sum(_letters(match.group()) for match in _QUOTED.finditer(passage))
    if total and quoted / total >= MOSTLY:
        return QUOTATION
    return STATEMENT


def _letters(text: str) -> int:
    return sum(character.isalnum() for character in text)
