"""The Content Security Policy of every page, and pages that keep to it.

Every GET page of the permission table is fetched as an editor (or, for a
page editors may not see, as a curator or a visitor), over the demo data with one fact check published so that
the public review pages answer too. The header must allow scripts from this
site and the response's nonce only; the HTML must need nothing more: every
script carries the nonce or comes from this site, and there are no inline
event handlers or style attributes for the policy to block.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims import models
from tests.test_permissions import HTMX, TABLE, objects

pytestmark = pytest.mark.django_db

# Who fetches each page: the first of these the table lets see it. The public
# review pages answer no one in the table (its claim is unpublished), but do
# here: the editor fetches them.
ROLES = ["editor", "curator", "anonymous"]


def role_for(name: str) -> str:
    expected = TABLE[name][3]
    return next((role for role in ROLES if expected[role] == 200), "editor")


# Every GET row but those that only redirect (the home page).
PAGES = sorted(
    name
    for name, row in TABLE.items()
    if row[0] == "get" and any(status != 302 for status in row[3].values())
)


def policy_of(header: str) -> dict[str, list[str]]:
    """`a b c; d e` as {"a": ["b", "c"], "d": ["e"]}."""
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class Markup(HTMLParser):
    """What in a page the policy cares about: scripts, styles, handlers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.style_elements = 0
        self.handlers: list[str] = []
        self.style_attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "style":
            self.style_elements += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.style_attributes.append(f"<{tag} style={value!r}>")

    handle_startendtag = handle_starttag


def on_this_site(src: str) -> bool:
    parts = urlsplit(src)
    return not parts.scheme and not parts.netloc and src.startswith("/")


@pytest.fixture
def found(db) -> dict:
    """The permission table's objects, swapped for demo ones where a page
    shows more with them: a published claim with sources, a question with
    figures (its number line is SVG drawn on the server)."""
    call_command("loaddata", "demo", verbosity=0)
    rows = objects()
    published = models.Claim.objects.filter(verdict__published_at__isnull=False).first()
    question = models.Question.objects.filter(claims__quantity__isnull=False).distinct().first()
    rows.update(
        claim=published,
        attribution=published.attributions.first(),
        question=question,
    )
    return rows


def fetch(name: str, found: dict, client: Client, headers: dict) -> tuple:
    _, args, data, _ = TABLE[name]
    payload = data(found) if callable(data) else data
    response = client.get(reverse(name, args=args(found)), payload, **headers)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return response, body


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx-part"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_a_strict_policy_and_keeps_to_it(
    name, htmx, found, client, editor_client, curator_client
):
    clients = {"editor": editor_client, "curator": curator_client, "anonymous": client}
    response, body = fetch(name, found, clients[role_for(name)], HTMX if htmx else {})
    assert response.status_code == 200, (name, response.status_code)

    header = response.get("Content-Security-Policy")
    assert header, name
    policy = policy_of(header)
    script_src = policy["script-src"]
    assert "'self'" in script_src
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    nonces = [value[len("'nonce-") : -1] for value in script_src if value.startswith("'nonce-")]

    if not response["Content-Type"].startswith("text/html"):
        return  # JSON, JSON-LD and CSV run nothing: no nonce is needed or made
    markup = Markup()
    markup.feed(body)
    if not htmx:
        assert len(nonces) == 1, (name, script_src)
    for script in markup.scripts:
        src = script.get("src")
        assert script.get("nonce") in nonces or (src and on_this_site(src)), (name, script)
    assert markup.handlers == [], name
    assert markup.style_attributes == [], name
    assert markup.style_elements == 0, name


def test_each_response_has_a_fresh_nonce(editor_client, found):
    url = reverse("article_reader", args=[found["claim"].article_id])
    first, second = (policy_of(editor_client.get(url)["Content-Security-Policy"]) for _ in "12")
    assert first["script-src"] != second["script-src"]
