"""@username mentions in the text of a note.

A mention is "@" and a username as Django allows them (letters, digits and
@ . + - _), at the start of a word: "@vera", "(@vera)", "cc @vera." all name
vera. The "@" of an e-mail address (eddie@example.org) is no mention, and
neither is one inside a web address (https://example.org/@vera), which the
note shows as a link. A "." or "," that ends the name is the sentence's
punctuation, not part of the name: "thanks @vera." names vera.
"""

import re
from dataclasses import dataclass

# Not after a letter or digit (e-mail addresses), nor after the characters a
# web address puts before a name (".../@vera", "?who=@vera").
_MENTION = re.compile(r"(?<![\w@.+\-/:=&?#%~])@([\w.@+-]+)")
_WORD = re.compile(r"\S+")
_TRAILING_PUNCTUATION = ".,"


@dataclass(frozen=True)
class Mention:
    """One mention: the username, and where "@username" stands in the text."""

    username: str
    start: int
    end: int


def _looks_like_address(word: str) -> bool:
    lowered = word.lower()
    return "://" in lowered or lowered.startswith("www.") or lowered.startswith("mailto:")


def find_mentions(text: str) -> list[Mention]:
    """Every mention in the text, in order (the same name as often as it is written)."""
    found = []
    for word in _WORD.finditer(text):
        if _looks_like_address(word.group()):
            continue
        for match in _MENTION.finditer(word.group()):
            username = match.group(1).rstrip(_TRAILING_PUNCTUATION)
            if not username:
                continue
            start = word.start() + match.start()
            found.append(Mention(username, start, start + 1 + len(username)))
    return found


def mentioned_usernames(text: str) -> list[str]:
    """The usernames the text mentions, each once, in the order first written."""
    return list(dict.fromkeys(mention.username for mention in find_mentions(text)))
