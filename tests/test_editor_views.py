"""The editors' pages through the Django test client: what each action stores,
what bad input gets, and that htmx gets parts while browsers get pages."""

import json
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse

from claims import models
from claims.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    NoteFactory,
    QuantityFactory,
    QuestionFactory,
    SourceAliasFactory,
    SourceFactory,
)
from claims.services import claim_values

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def htmx_from(url: str) -> dict:
    return {**HTMX, "HTTP_HX_CURRENT_URL": f"http://testserver{url}"}


# Pages and parts ------------------------------------------------------------------


def test_a_page_is_whole_for_a_browser_and_a_part_for_htmx(editor_client):
    claim = ClaimFactory()
    url = claim.get_absolute_url()
    page = editor_client.get(url)
    part = editor_client.get(url, **HTMX)
    assert "<html" in page.text and 'id="claim-panel"' in page.text
    assert "<html" not in part.text and 'id="claim-panel"' in part.text
    assert "HX-Request" in part["Vary"]


def test_a_history_restore_gets_the_whole_page(editor_client):
    claim = ClaimFactory()
    response = editor_client.get(
        claim.get_absolute_url(), **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.text


def test_every_page_needs_sign_in(client):
    claim = ClaimFactory()
    for url in (
        "/", "/articles/", claim.article.get_absolute_url(), claim.get_absolute_url(), "/queue/",
        "/sources/", "/questions/", "/search/?q=x", "/sources/find/?q=x", "/claims/find/?q=xx",
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        ), url


# Marking a claim ----------------------------------------------------------------------


def test_marking_converts_the_browsers_utf16_offsets_to_code_points(editor_client):
    body = "Kyiv 🇺🇦 said 조태용 counted 3,000 troops 👍🏽 today."
    article = ArticleFactory(body=body)
    passage = "조태용 counted 3,000 troops 👍🏽"
    start_cp = body.index(passage)
    start_utf16 = len(body[:start_cp].encode("utf-16-le")) // 2
    end_utf16 = start_utf16 + len(passage.encode("utf-16-le")) // 2
    response = editor_client.post(
        reverse("mark_claim", args=[article.pk]),
        {"passage": passage, "start": start_utf16, "end": end_utf16, "statement": "Counted."},
        **htmx_from(article.get_absolute_url()),
    )
    assert response.status_code == 200
    claim = models.Claim.objects.get()
    assert (claim.start, claim.end, claim.quote) == (start_cp, start_cp + len(passage), passage)
    assert response["HX-Push-Url"].endswith(f"?claim={claim.pk}")
    assert f'data-claims="{claim.pk}"' in response.text  # the highlight, out of band


def test_a_passage_that_does_not_match_the_article_is_refused_and_nothing_stored(editor_client):
    article = ArticleFactory(body="The minister said 1,500 troops had arrived.")
    for data in (
        {"passage": "1,500 troops", "start": 0, "end": 12},  # wrong place
        {"passage": "15,000 troops"},  # not in the text
        {"passage": "troops", "start": 999, "end": 1005},  # outside the text
        {"passage": "   "},
    ):
        response = editor_client.post(reverse("mark_claim", args=[article.pk]), data, **HTMX)
        assert response.status_code == 422, data
        assert 'class="error' in response.text
    assert not models.Claim.objects.exists()


def test_a_passage_that_occurs_twice_must_be_selected(editor_client):
    article = ArticleFactory(body="Troops arrived. Later, more troops arrived.")
    response = editor_client.get(
        reverse("mark_claim", args=[article.pk]), {"passage": "arrived"}, **HTMX
    )
    assert "appears 2 times" in response.text


@pytest.mark.parametrize(
    ("passage", "kind"),
    [
        ("Russia denied the reports", "statement"),
        ("“The talks went well,” the minister said", "quotation"),
        ("North Korea sent 10,000 troops", "quantity"),
    ],
)
def test_a_marked_passage_starts_with_the_kind_it_reads_as(editor_client, passage, kind):
    article = ArticleFactory(body=f"On Monday {passage} in a briefing.")
    url = reverse("mark_claim", args=[article.pk])
    form = editor_client.get(url, {"passage": passage}, **HTMX)
    assert f'<option value="{kind}" selected>' in form.text  # what the select shows
    assert form.text.count("selected>") == 1
    editor_client.post(url, {"passage": passage, "statement": "Said."}, **HTMX)
    assert models.Claim.objects.get().kind == kind


def test_the_kind_an_editor_chose_when_marking_is_kept(editor_client):
    article = ArticleFactory(body="North Korea sent 10,000 troops to Russia.")
    url = reverse("mark_claim", args=[article.pk])
    editor_client.post(url, {"passage": "sent 10,000 troops", "kind": "event"}, **HTMX)
    assert models.Claim.objects.get().kind == "event"


# Editing a claim ----------------------------------------------------------------------


def details(claim, **changes) -> dict:
    """The details form as the browser would post it, with `changes`."""
    stored = {
        "statement": claim.statement,
        "kind": claim.kind,
        "refers_to": "",
        "wording": "",
        "low": "",
        "high": "",
        "qualifier": "",
        "unit": "count",
        "counted": "",
    }
    return {**stored, "base": json.dumps(claim_values(claim)), **changes}


def test_editing_saves_the_statement_and_reads_the_figure_from_its_wording(editor_client):
    claim = ClaimFactory(statement="Old.")
    response = editor_client.post(
        reverse("edit_claim", args=[claim.pk]),
        details(
            claim, statement="New.", kind="quantity", wording="1,500 or 12,000", counted="troops"
        ),
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.statement == "New." and claim.version == 2
    quantity = claim.quantity
    assert (quantity.low, quantity.high, quantity.qualifier) == (1500, 12000, "either_or")
    assert quantity.counted == "troops"


def test_editing_refuses_bounds_in_the_wrong_order_and_keeps_what_was_typed(editor_client):
    claim = ClaimFactory(statement="Old.")
    response = editor_client.post(
        reverse("edit_claim", args=[claim.pk]),
        details(claim, statement="Typed but refused.", low="12000", high="1500"),
        **HTMX,
    )
    assert response.status_code == 422
    assert "must not be below" in response.text
    assert "Typed but refused." in response.text
    claim.refresh_from_db()
    assert claim.statement == "Old." and not models.Quantity.objects.exists()


def test_two_editors_changing_different_fields_are_merged(editor_client, curator_client):
    claim = ClaimFactory(statement="Old.", kind="event")
    first = details(claim, statement="First editor's statement.")
    second = details(claim, kind="quantity")  # opened at the same time
    editor_client.post(reverse("edit_claim", args=[claim.pk]), first, **HTMX)
    response = curator_client.post(reverse("edit_claim", args=[claim.pk]), second, **HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.statement, claim.kind) == ("First editor's statement.", "quantity")


def test_two_editors_changing_the_same_field_the_second_is_shown_the_conflict(
    editor_client, curator_client
):
    claim = ClaimFactory(statement="Old.")
    first = details(claim, statement="First editor's statement.")
    second = details(claim, statement="Second editor's statement.")
    editor_client.post(reverse("edit_claim", args=[claim.pk]), first, **HTMX)
    response = curator_client.post(reverse("edit_claim", args=[claim.pk]), second, **HTMX)
    assert response.status_code == 409
    assert "Someone else saved “First editor&#x27;s statement.”" in response.text
    assert "Second editor&#x27;s statement." in response.text  # kept in the form
    claim.refresh_from_db()
    assert claim.statement == "First editor's statement."
    # Saving again, from the form as it came back, overwrites knowingly.
    base = response.text.split('name="base" value="')[1].split('"')[0]
    again = {**second, "base": base.replace("&quot;", '"').replace("&#x27;", "'")}
    response = curator_client.post(reverse("edit_claim", args=[claim.pk]), again, **HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.statement == "Second editor's statement."


# Attributions, notes, links, verdicts ---------------------------------------------------


def test_sources_are_found_by_name_or_alias(editor_client):
    zelenskyy = SourceFactory(name="Volodymyr Zelenskyy")
    SourceAliasFactory(source=zelenskyy, name="Zelensky")
    SourceFactory(name="Lloyd Austin")
    response = editor_client.get(reverse("find_sources"), {"q": "zelensky"}, **HTMX)
    assert "Volodymyr Zelenskyy" in response.text and "Lloyd Austin" not in response.text
    assert f'name="source" value="{zelenskyy.pk}"' in response.text


def test_attributing_to_a_new_source_creates_it_unreviewed(editor_client, editor):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("add_attribution", args=[claim.pk]),
        {"role": "spokesperson", "mode": "according_to", "source": "",
         "new_source_name": "Officials in Kyiv", "new_source_kind": "group"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    source = models.Source.objects.get(name="Officials in Kyiv")
    assert source.kind == "group" and not source.is_reviewed and source.created_by == editor
    assert claim.attributions.get().role == "spokesperson"
    assert "unreviewed" in response.text


def test_an_attribution_needs_a_source(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("add_attribution", args=[claim.pk]), {"role": "x", "mode": "paraphrase"}, **HTMX
    )
    assert response.status_code == 422
    assert "Choose a source" in response.text
    assert not models.Attribution.objects.exists()


def test_a_chain_of_conduits_is_built_in_order(editor_client):
    attribution = AttributionFactory()
    axios = SourceFactory(name="Axios", kind="outlet")
    for data in ({"label": "quoted by Axios", "source": axios.pk}, {"label": "reported by AP"}):
        editor_client.post(reverse("add_conduit", args=[attribution.pk]), data, **HTMX)
    chain = list(attribution.chain.values_list("position", "label", "source__name"))
    assert chain == [(0, "quoted by Axios", "Axios"), (1, "reported by AP", None)]
    response = editor_client.post(
        reverse("add_conduit", args=[attribution.pk]), {"label": ""}, **HTMX
    )
    assert response.status_code == 422 and attribution.chain.count() == 2


def test_notes_are_plain_text_shown_escaped_with_links_clickable(editor_client):
    claim = ClaimFactory()
    body = '<script>alert("x")</script> <a href="javascript:alert(1)">x</a> see https://example.org/a?b=1'
    response = editor_client.post(reverse("add_note", args=[claim.pk]), {"body": body}, **HTMX)
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text
    assert 'href="javascript:' not in response.text
    assert '<a href="https://example.org/a?b=1"' in response.text
    assert models.Note.objects.get().body == body


def test_an_empty_note_is_refused(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(reverse("add_note", args=[claim.pk]), {"body": "  \n "}, **HTMX)
    assert response.status_code == 422 and "Write something first" in response.text
    assert not models.Note.objects.exists()


def test_links_show_on_both_claims(editor_client):
    claim, other = ClaimFactory(statement="3,000 troops."), ClaimFactory(statement="10,000 troops.")
    editor_client.post(
        reverse("add_link", args=[claim.pk]), {"type": "contradicts", "to_claim": other.pk}, **HTMX
    )
    assert "contradicted by" in editor_client.get(other.get_absolute_url()).text.lower()

    response = editor_client.post(
        reverse("add_link", args=[claim.pk]), {"type": "supports", "to_claim": claim.pk}, **HTMX
    )
    assert response.status_code == 422 and "cannot be linked to itself" in response.text
    assert models.Link.objects.count() == 1


def links_shown(client, claim) -> list[str]:
    """The types of the links listed in the claim's panel."""
    text = client.get(claim.get_absolute_url(), **HTMX).text
    section = text[text.index('id="claim-links"') :].split("</ul>")[0]
    return re.findall(r'class="link link-([a-z_]+)"', section)


@pytest.mark.parametrize("type", ["same_claim", "contradicts"])
def test_a_link_that_reads_both_ways_is_not_added_again_the_other_way(editor_client, type):
    claim, other = ClaimFactory(statement="3,000 troops."), ClaimFactory(statement="3,000 men.")
    models.Link.objects.create(from_claim=other, to_claim=claim, type=type)
    response = editor_client.post(
        reverse("add_link", args=[claim.pk]), {"type": type, "to_claim": other.pk}, **HTMX
    )
    assert response.status_code == 422
    assert "already linked" in response.text and "nothing was added" in response.text
    assert models.Link.objects.count() == 1
    assert links_shown(editor_client, claim) == links_shown(editor_client, other) == [type]


def test_the_same_link_made_twice_is_refused_and_a_directed_one_may_go_back(editor_client):
    claim, other = ClaimFactory(statement="3,000 troops."), ClaimFactory(statement="3,100 troops.")
    url = reverse("add_link", args=[claim.pk])
    made = editor_client.post(url, {"type": "updates", "to_claim": other.pk}, **HTMX)
    assert made.status_code == 200
    again = editor_client.post(url, {"type": "updates", "to_claim": other.pk}, **HTMX)
    assert again.status_code == 422 and "already linked" in again.text
    # "Supports" has a direction: each claim may support the other.
    editor_client.post(url, {"type": "supports", "to_claim": other.pk}, **HTMX)
    back = reverse("add_link", args=[other.pk])
    made = editor_client.post(back, {"type": "supports", "to_claim": claim.pk}, **HTMX)
    assert made.status_code == 200
    assert models.Link.objects.count() == 3


def test_the_database_refuses_a_pair_linked_both_ways():
    claim, other = ClaimFactory(), ClaimFactory()
    models.Link.objects.create(from_claim=claim, to_claim=other, type="same_claim")
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Link.objects.create(from_claim=other, to_claim=claim, type="same_claim")
    models.Link.objects.create(from_claim=other, to_claim=claim, type="supports")


def test_the_admin_refuses_a_pair_linked_both_ways_with_a_message(curator_client):
    claim, other = ClaimFactory(), ClaimFactory()
    models.Link.objects.create(from_claim=claim, to_claim=other, type="contradicts")
    response = curator_client.post(
        reverse("admin:claims_link_add"),
        {"from_claim": other.pk, "to_claim": claim.pk, "type": "contradicts", "reason": ""},
    )
    assert response.status_code == 200
    assert "already linked so, the other way" in response.text
    assert models.Link.objects.count() == 1


def test_a_claims_links_list_those_from_it_then_those_to_it(editor_client):
    claim = ClaimFactory(statement="Claim in the middle.")
    later = ClaimFactory(statement="A later count.")
    critic = ClaimFactory(statement="A contradicting count.")
    backer = ClaimFactory(statement="A backing count.")
    models.Link.objects.create(from_claim=critic, to_claim=claim, type="contradicts")
    models.Link.objects.create(from_claim=claim, to_claim=later, type="supports")
    models.Link.objects.create(from_claim=backer, to_claim=claim, type="supports")
    text = editor_client.get(claim.get_absolute_url(), **HTMX).text
    section = text[text.index('id="claim-links"') :]
    order = [
        section.index(words)
        for words in ("A later count.", "A contradicting count.", "A backing count.")
    ]
    assert order == sorted(order)
    assert "Contradicted by" in section and "Supported by" in section
    assert "Claim in the middle." not in section.split("</ul>")[0]


def test_rating_needs_a_rating_and_reasoning_and_real_links(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("save_verdict", args=[claim.pk]),
        {"rating": "", "reasoning": "", "evidence": "not a url\njavascript:alert(1)"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Not a web address" in response.text
    assert not models.Verdict.objects.exists()


def test_rating_rates_and_publishing_stamps_the_verdict(editor_client):
    claim = ClaimFactory(status="in_review")
    refused = editor_client.post(
        reverse("change_status", args=[claim.pk]), {"status": "published"}, **HTMX
    )
    assert refused.status_code == 422 and "Rate the claim first" in refused.text
    editor_client.post(
        reverse("save_verdict", args=[claim.pk]),
        {"rating": models.Rating.objects.get(slug="false").pk, "reasoning": "Wrong.",
         "evidence": "https://example.org/a\nhttps://example.org/b"},
        **HTMX,
    )  # fmt: skip
    claim.refresh_from_db()
    assert claim.status == "rated"
    assert sorted(claim.verdict.evidence.values_list("url", flat=True)) == [
        "https://example.org/a", "https://example.org/b",
    ]  # fmt: skip
    editor_client.post(reverse("change_status", args=[claim.pk]), {"status": "published"}, **HTMX)
    claim.verdict.refresh_from_db()
    assert claim.verdict.published_at is not None
    # A published claim leaves that status only by being unpublished, with a reason.
    back = editor_client.post(
        reverse("change_status", args=[claim.pk]), {"status": "in_review"}, **HTMX
    )
    assert back.status_code == 422 and "unpublish it first" in back.text
    claim.verdict.refresh_from_db()
    assert claim.verdict.published_at is not None
    editor_client.post(
        reverse("unpublish_claim", args=[claim.pk]), {"reason": "Checked again."}, **HTMX
    )
    editor_client.post(reverse("change_status", args=[claim.pk]), {"status": "in_review"}, **HTMX)
    claim.verdict.refresh_from_db()
    claim.refresh_from_db()
    assert claim.verdict.published_at is None and claim.status == "in_review"


def test_filing_under_a_new_question_and_not_twice(editor_client):
    claim = ClaimFactory()
    editor_client.post(
        reverse("set_question", args=[claim.pk]),
        {"new_text": "How many troops?", "new_counted": "troops"},
        **HTMX,
    )
    claim.refresh_from_db()
    assert claim.question.text == "How many troops?"
    other = ClaimFactory()
    response = editor_client.post(
        reverse("set_question", args=[other.pk]), {"new_text": "how many troops?"}, **HTMX
    )
    assert response.status_code == 422 and "exists already" in response.text
    assert models.Question.objects.count() == 1


# The queue ---------------------------------------------------------------------------


def test_the_queue_filters_counts_and_assigns(editor_client, editor):
    mine = ClaimFactory(status="in_review", statement="Mine to check.")
    other = ClaimFactory(status="new", statement="Someone else's.")
    AttributionFactory(claim=other, source=SourceFactory(name="Kyrylo Budanov"))
    editor_client.post(
        reverse("assign_claim", args=[mine.pk]), {"assign": "me", "from": "queue"}, **HTMX
    )
    mine.refresh_from_db()
    assert mine.assignee == editor
    response = editor_client.get(reverse("queue"), {"assigned": "me"})
    assert "Mine to check." in response.text and "Someone else" not in response.text
    response = editor_client.get(reverse("queue"), {"source": "budanov"}, **HTMX)
    assert "Someone else" in response.text and "Mine to check." not in response.text
    counts = {v: n for v, _, n in editor_client.get(reverse("queue")).context["status_counts"]}
    assert counts["in_review"] == 1 and counts["new"] == 1


def test_the_queue_narrows_to_a_question_by_number_or_words(editor_client):
    question = QuestionFactory(text="How many drones were launched overnight?")
    ClaimFactory(question=question, statement="Answers the question.")
    ClaimFactory(statement="Answers nothing.")
    page = editor_client.get(question.get_absolute_url())
    link = f'href="{reverse("queue")}?question={question.pk}"'
    assert link in page.text and "Review in the queue" in page.text
    for value in (str(question.pk), "drones were launched"):
        response = editor_client.get(reverse("queue"), {"question": value})
        assert "Answers the question." in response.text
        assert "Answers nothing." not in response.text


@pytest.mark.parametrize("bad_id", ["²", "١٢", "99999999999999999999999", "0", "-3", " 7x"])
def test_an_id_in_the_address_that_names_no_record_is_ignored(editor_client, bad_id):
    """Digits to str.isdigit that int() refuses, or ids past a bigint: the
    page shows as if none were given (or nothing matches), never an error."""
    claim = ClaimFactory(statement="The only claim.")
    pages = {
        claim.article.get_absolute_url(): ("claim", claim.article.title),
        reverse("queue"): ("question", "No claims match"),
        reverse("orphaned_claims"): ("article", "Claims that lost their passage"),
        reverse("find_claims"): ("exclude", "The only claim."),
    }
    for url, (parameter, shown) in pages.items():
        extra = {"q": "only claim"} if url == reverse("find_claims") else {}
        response = editor_client.get(url, {parameter: bad_id, **extra})
        assert response.status_code == 200, (url, parameter)
        assert shown in response.text, (url, parameter)
    by_source = editor_client.get(reverse("queue"), {"source": bad_id.strip()})
    assert by_source.status_code == 200


# Query counts -------------------------------------------------------------------------


def _grow(claim, n: int) -> None:
    """More of everything around the claim: notes, sources, links, neighbours."""
    for _ in range(n):
        NoteFactory(claim=claim)
        AttributionFactory(claim=claim)
        models.Link.objects.create(from_claim=claim, to_claim=ClaimFactory(), type="supports")
        models.Link.objects.create(from_claim=ClaimFactory(), to_claim=claim, type="updates")
        neighbour = ClaimFactory(article=claim.article, question=claim.question, status="in_review")
        QuantityFactory(claim=ClaimFactory(article=claim.article, question=claim.question))
        AttributionFactory(claim=neighbour, source=claim.attributions.first().source)


def _query_counts(client, urls) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_pages_make_the_same_number_of_queries_however_much_there_is(editor_client):
    claim = ClaimFactory(question=QuestionFactory())
    QuantityFactory(claim=ClaimFactory(article=claim.article, question=claim.question))
    AttributionFactory(claim=claim)
    _grow(claim, 1)
    source = claim.attributions.first().source
    urls = [
        claim.get_absolute_url(),
        f"{claim.article.get_absolute_url()}?claim={claim.pk}",
        "/articles/",
        "/queue/",
        "/queue/?status=in_review",
        "/sources/",
        source.get_absolute_url(),
        "/questions/",
        claim.question.get_absolute_url(),
        "/search/?q=a",
    ]
    few = _query_counts(editor_client, urls)
    _grow(claim, 10)
    many = _query_counts(editor_client, urls)
    assert few == many


def test_lists_and_panels_leave_the_article_text_unread(editor_client):
    """Articles' text is most of the data; only the reader needs it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory(question=QuestionFactory(), statement="Troops at the border.")
    QuantityFactory(claim=claim)
    AttributionFactory(claim=claim)
    models.Link.objects.create(from_claim=claim, to_claim=ClaimFactory(), type="supports")
    source = claim.attributions.first().source
    urls = [
        claim.get_absolute_url(),
        "/articles/",
        "/queue/",
        source.get_absolute_url(),
        claim.question.get_absolute_url(),
        "/search/?q=troops",
        f"/claims/find/?q={claim.statement[:6]}",
    ]
    body = '"claims_article"."body"'
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(url).status_code == 200, url
        # What a query reads comes before its FROM; searching may match the text.
        assert not [q["sql"] for q in queries if body in q["sql"].split(" FROM ")[0]], url
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(claim.article.get_absolute_url())
    assert any(body in q["sql"].split(" FROM ")[0] for q in queries)


def test_the_figure_filter_shows_grouped_numbers_without_trailing_zeros():
    from claims.templatetags.claims_tags import figure

    assert figure(Decimal("3000.000000")) == "3,000"
    assert figure(Decimal("2.500000")) == "2.5"
    assert figure(None) == ""


def test_the_health_check_asks_the_database_one_cheap_question(
    editor_client, django_assert_num_queries
):
    """Load balancers ask often; the answer reads neither session nor data."""
    with django_assert_num_queries(1) as context:
        response = editor_client.get(reverse("health"))
    assert context.captured_queries[0]["sql"] == "SELECT 1"
    assert response.status_code == 200
    assert response.text == "ok" and response["Content-Type"].startswith("text/plain")


def test_the_health_check_says_when_the_database_is_down(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.text == "The database cannot be reached."
