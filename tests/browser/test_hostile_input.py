"""Hostile text everywhere it can go, shown everywhere it shows: nothing runs.

Markup, script, htmx attributes, template syntax, a 10,000-character word,
control characters and a right-to-left override go into articles, sources,
aliases, roles, chains, claims, notes, questions, verdicts, evidence and
imported files. Every page that shows them is visited, and the browser must
stay quiet: no dialog, no CSP violation, no request to another origin or to
an address a payload names, no script error. Each payload reads as text, and
no page grows wider than the window.
"""

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import quote, urlsplit

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, Route, expect

from claims import models, services
from claims.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ConduitFactory,
    EvidenceFactory,
    NoteFactory,
    OutletFactory,
    QuantityFactory,
    SourceAliasFactory,
    SourceFactory,
)
from tests.browser.conftest import screenshot, select_text, sign_in

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<div hx-get="/logout" hx-trigger="load">',
    '<div hx-on:click="alert(1)">',
    "{{ 7*7 }}",
    '{% now "Y" %}',
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(1)</script>",
    "evil\u202etxt.exe",  # a right-to-left override
    "bell\x07 escape\x1b[31m delete\x7f",  # control characters
]
LONG_WORD = "Rindfleischetikettierungsueberwachung" * 271  # 10,027 letters, no space
SUGGESTED = (
    "Governor Maria Lopez told Reuters that 1,200 people were evacuated. "
    f'"{PAYLOADS[0]} {PAYLOADS[5]}", Lopez said.'
)
# Addresses the payloads name: a request to one means a payload became markup.
NAMED_PATHS = re.compile(r"/logout|/x$")
DESKTOP, PHONE = 1400, 390


class Watch:
    """Everything a payload could set off in the browser, kept for the test to check."""

    def __init__(self, page: Page, origin: str):
        self.origin = origin
        self.dialogs: list[str] = []
        self.policy: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.named: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message) -> None:
        # The pages have no inline script or style: any violation is a payload's.
        if "Content Security Policy" in message.text:
            self.policy.append(message.text)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if not url.startswith(self.origin + "/"):
            self.foreign.append(url)
            route.abort()
            return
        if NAMED_PATHS.search(urlsplit(url).path):
            self.named.append(url)
        route.continue_()

    def assert_quiet(self, where: str) -> None:
        found = {
            "dialogs": self.dialogs,
            "CSP violations": self.policy,
            "script errors": self.errors,
            "requests elsewhere": self.foreign,
            "requests to addresses in payloads": self.named,
        }
        assert {name: items for name, items in found.items() if items} == {}, where


def fits(page: Page, where: str) -> None:
    # Measured once the stylesheet has loaded: after a click the text can be
    # in the page before the rules that wrap its long words are.
    page.wait_for_load_state("load")
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner + 2, f"{where}: {scroll}px wide in a {inner}px window"


def visit(page: Page, watch: Watch, url: str, name: str, shows: list[str]) -> None:
    """Open `url` at each width; every text in `shows` must read as text in the page."""
    for width in [DESKTOP, PHONE]:  # tables too: on a phone their rows are cards
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{watch.origin}{url}")
        main = page.locator("main")
        for text in shows:
            expect(main).to_contain_text(text)
        fits(page, f"{name} at {width}px")
        screenshot(page, f"hostile-{name}-{width}")
    watch.assert_quiet(name)


def hostile_newsroom() -> dict:
    """An article whose every paragraph is a payload's claim, sources named by
    payloads, a question comparing them (the first disagrees with all the
    others: ten conflicts), notes, a published verdict; and a second article
    made of one very long word."""
    paragraphs = [
        f"{payload} told Reuters that {'10,000' if i == 0 else '3,000'} troops had arrived."
        for i, payload in enumerate(PAYLOADS)
    ]
    article = ArticleFactory(
        outlet=OutletFactory(name=PAYLOADS[2]),
        title=" ".join(PAYLOADS),
        authors=PAYLOADS[1],
        # The last paragraph is left for the assistant to suggest.
        body="\n".join([*paragraphs, SUGGESTED]),
    )
    question = models.Question.objects.create(
        text=" ".join(PAYLOADS[:6]) + " How many troops?", counted=PAYLOADS[8]
    )
    day = dt.date(2024, 10, 24)
    claims = []
    for i, (payload, paragraph) in enumerate(zip(PAYLOADS, paragraphs, strict=True)):
        claim = ClaimFactory(
            article=article, quote=paragraph, statement=payload, question=question, refers_to=day
        )
        source = SourceFactory(name=payload, description=payload, assessment_note=payload)
        SourceAliasFactory(source=source, name=f"{payload} alias")
        attribution = AttributionFactory(claim=claim, source=source, role=payload)
        ConduitFactory(attribution=attribution, label=payload, source=None)
        NoteFactory(claim=claim, body=f"{payload}\nsee https://example.org/a?b=<c>&d={payload}")
        figure = Decimal(10000 if i == 0 else 3000)  # one conflict per claim, one page
        QuantityFactory(
            claim=claim, low=figure, high=figure, wording=f"{figure:,}", counted=payload
        )
        claims.append(claim)

    published = claims[0]
    verdict = services.save_verdict(
        published,
        rating=models.Rating.objects.get(slug="false"),
        reasoning="\n".join([*PAYLOADS, LONG_WORD]),
        evidence=[],
        by=get_user_model().objects.get(username="editor"),
    )
    for i, payload in enumerate(PAYLOADS):
        EvidenceFactory(verdict=verdict, url=f"https://example.org/evidence/{i}", title=payload)
    services.change_status(published, models.ClaimStatus.PUBLISHED)

    long_article = ArticleFactory(
        title=LONG_WORD[:500], authors=LONG_WORD[:500], body=f"{LONG_WORD} said so.\nAnd more."
    )
    long_claim = ClaimFactory(article=long_article, quote=LONG_WORD, statement=LONG_WORD)
    long_source = SourceFactory(name=LONG_WORD[:200], description=LONG_WORD[:300])
    SourceAliasFactory(source=long_source, name=LONG_WORD[:200])
    long_attribution = AttributionFactory(
        claim=long_claim, source=long_source, role=LONG_WORD[:300]
    )
    ConduitFactory(attribution=long_attribution, label=LONG_WORD[:300], source=None)
    NoteFactory(claim=long_claim, body=LONG_WORD)
    return {
        "article": article,
        "claims": claims,
        "question": question,
        "published": published,
        "long_article": long_article,
        "long_claim": long_claim,
        "long_source": long_source,
    }


def test_hostile_text_is_shown_as_text_on_every_page(page: Page, demo):
    found = hostile_newsroom()
    watch = Watch(page, demo.url)
    sign_in(page, demo, "editor")
    article, claim, question = found["article"], found["claims"][0], found["question"]
    source = claim.attributions.get().source
    # Lists sort by name: "{" comes after the letters, on a later page.
    named_first = [payload for payload in PAYLOADS if payload[0] in '<"']
    braced = [payload for payload in PAYLOADS if payload[0] == "{"]
    pages = {
        "articles": ("/articles/", [" ".join(PAYLOADS), LONG_WORD[:500]]),
        "reader": (article.get_absolute_url(), PAYLOADS),
        "reader-claim": (f"{article.get_absolute_url()}?claim={claim.pk}", PAYLOADS),
        "claim": (claim.get_absolute_url(), [PAYLOADS[0], PAYLOADS[2]]),
        "suggestions": (f"{article.get_absolute_url()}suggestions/", []),
        "queue": ("/queue/", PAYLOADS),
        # Full-text search on PostgreSQL may find nothing for markup: the
        # search pages are checked for what they echo, not what they find.
        "queue-search": (f"/queue/?q={quote(PAYLOADS[0])}", []),
        "sources": ("/sources/", named_first),
        "sources-search": ("/sources/?q=%7B", braced),
        "source": (source.get_absolute_url(), [PAYLOADS[0], f"{PAYLOADS[0]} alias"]),
        "questions": ("/questions/", [question.text]),
        "question": (question.get_absolute_url(), [question.text, *PAYLOADS]),
        "conflicts": ("/conflicts/", [question.text, *PAYLOADS]),
        "search-script": (f"/search/?q={quote(PAYLOADS[0])}", [PAYLOADS[0]]),
        "search-template": (f"/search/?q={quote(PAYLOADS[5])}", [PAYLOADS[5]]),
        "review": (f"/reviews/{claim.uid}/", PAYLOADS),
        "long-reader": (f"{found['long_article'].get_absolute_url()}?claim={found['long_claim'].pk}", [LONG_WORD]),
        "long-claim": (found["long_claim"].get_absolute_url(), [LONG_WORD]),
        "long-source": (found["long_source"].get_absolute_url(), [LONG_WORD[:200]]),
        "long-search": (f"/search/?q={LONG_WORD[:150]}", [LONG_WORD[:150]]),
    }  # fmt: skip
    for name, (url, shows) in pages.items():
        visit(page, watch, url, name, shows)

    # The assistant's suggestion quotes the passage as text too.
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto(f"{demo.url}{article.get_absolute_url()}suggestions/")
    offer = page.locator("#panel .offer").filter(has_text="alert(1)")
    expect(offer).to_contain_text(f"{PAYLOADS[0]} {PAYLOADS[5]}")

    # Template syntax stays syntax: nothing rendered it.
    page.goto(f"{demo.url}{article.get_absolute_url()}")
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(" ".join(PAYLOADS))
    rendered = ["49", str(dt.date.today().year)]  # what {{ 7*7 }} and {% now "Y" %} give
    assert not any(text in title.inner_text() for text in rendered)

    # Marked through the reader and the htmx swaps: still text.
    select_text(page, PAYLOADS[1])
    page.get_by_role("button", name="Mark as claim").click()
    panel = page.locator("#panel")
    expect(panel.locator("blockquote.quote")).to_have_text(PAYLOADS[1])
    panel.get_by_label("Statement").fill(PAYLOADS[3] + PAYLOADS[5])
    panel.get_by_role("button", name="Create claim").click()
    expect(panel.locator("#claim-title")).to_have_text(PAYLOADS[3] + PAYLOADS[5])
    notes = panel.locator("#claim-notes")
    notes.get_by_label("Add a note").fill(PAYLOADS[8] + PAYLOADS[4])
    notes.get_by_role("button", name="Add note").click()
    expect(notes.locator(".note-body")).to_have_text(PAYLOADS[8] + PAYLOADS[4])
    page.get_by_label("Passage to mark").fill(PAYLOADS[7] + " not in the text")
    page.get_by_role("button", name="Mark as claim").click()
    expect(panel.get_by_role("alert")).to_contain_text("not in the article")
    fits(page, "reader after marking")
    screenshot(page, "hostile-reader-marked")
    watch.assert_quiet("marking in the reader")


def test_an_imported_file_is_shown_as_text_and_links_only_to_the_web(page: Page, demo):
    watch = Watch(page, demo.url)
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}/articles/import/")
    text = (
        f"Outlet: {PAYLOADS[0]}\nBy: {PAYLOADS[1]}\n\n"
        f"{PAYLOADS[7]} in the title\n\n{PAYLOADS[5]} said {PAYLOADS[8]} and {LONG_WORD}."
    )
    scripted = "URL: javascript:alert(1)\n\nA title\n\nA body that would link to a script."
    page.get_by_label("Files").set_input_files(
        [
            {"name": f"{PAYLOADS[1]}.txt", "mimeType": "text/plain", "buffer": text.encode()},
            {"name": "scripted.txt", "mimeType": "text/plain", "buffer": scripted.encode()},
            {"name": "binary.txt", "mimeType": "text/plain", "buffer": b"x\x00y"},
        ]
    )
    page.get_by_role("button", name="Import").click()
    report = page.get_by_role("status")
    expect(report).to_contain_text("Imported 1, skipped 0 already here, refused 2")
    expect(report).to_contain_text(f"{PAYLOADS[1]}.txt")
    expect(report).to_contain_text(f"{PAYLOADS[7]} in the title")
    expect(report).to_contain_text("'javascript:alert(1)' is not a web address")
    expect(report).to_contain_text("The file holds binary data")
    fits(page, "import report")
    screenshot(page, "hostile-import-report")
    watch.assert_quiet("import report")

    page.get_by_role("link", name=f"“{PAYLOADS[7]} in the title”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PAYLOADS[7]} in the title")
    expect(page.locator("#article-text")).to_contain_text(f"{PAYLOADS[5]} said {PAYLOADS[8]}")
    expect(page.locator(".article-meta")).to_contain_text(PAYLOADS[0])
    fits(page, "imported article")
    screenshot(page, "hostile-imported-article")
    watch.assert_quiet("imported article")
    # A link to the original must lead to the web, never run a script.
    for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"):
        assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), href


def test_a_nul_character_is_refused_or_removed_never_a_crash(page: Page, demo):
    watch = Watch(page, demo.url)
    claim = ClaimFactory(article=ArticleFactory(body="The minister said 40 people came."))
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}{claim.get_absolute_url()}")
    notes = page.locator("#claim-notes")
    notes.get_by_label("Add a note").fill("before\x00after")
    notes.get_by_role("button", name="Add note").click()
    expect(notes.locator(".note-body, .error").first).to_be_visible()
    expect(page.locator("#request-problem")).to_be_hidden()

    # A ClaimReview file may spell NUL as a JSON escape, which no byte check sees.
    review = (
        '{"@context": "https://schema.org", "@type": "ClaimReview",'
        ' "url": "https://factcheck.example/review/1",'
        ' "claimReviewed": "Forty\\u0000 people came.",'
        ' "author": {"@type": "Organization", "name": "Fact\\u0000Check"},'
        ' "reviewRating": {"@type": "Rating", "alternateName": "False"}}'
    )
    # A refused note still holds what was typed, and leaving would ask first:
    # the editor clears it.
    if notes.locator(".error").count():
        notes.get_by_label("Add a note").fill("")
    page.goto(f"{demo.url}/articles/import/")
    page.get_by_label("Files").set_input_files(
        [{"name": "review.json", "mimeType": "application/json", "buffer": review.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import articles")
    expect(page.get_by_role("status")).to_contain_text("Imported")
    watch.assert_quiet("NUL in a note and an import")
    for model, field in [
        (models.Note, "body"),
        (models.Article, "body"),
        (models.Article, "title"),
        (models.Claim, "quote"),
        (models.Source, "name"),
    ]:
        # Compared in Python: SQLite's LIKE stops at a NUL, so a filter would pass either way.
        stored = model.objects.values_list(field, flat=True)
        assert not any("\x00" in value for value in stored), model


def test_a_request_too_large_to_send_is_refused_and_the_editor_told(page: Page, demo, settings):
    """The 413 of claims.middleware, as static/newsclaims.js reports it."""
    settings.MAX_REQUEST_BYTES = 2_000
    watch = Watch(page, demo.url)
    claim = ClaimFactory()
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}{claim.get_absolute_url()}")
    notes = page.locator("#claim-notes")
    notes.get_by_label("Add a note").fill("A long note. " * 300)
    notes.get_by_role("button", name="Add note").click()
    # The server's own sentence, with the sizes, and what was typed is still there.
    expect(page.locator("#request-problem")).to_have_text(
        re.compile(
            r"^That is too large to send \(\d+(\.\d)? KB; the limit is 2 KB\)\. Nothing was saved\.$"
        )
    )
    expect(notes.get_by_label("Add a note")).to_have_value("A long note. " * 300)
    assert not claim.notes.exists()
    watch.assert_quiet("a note too large")
