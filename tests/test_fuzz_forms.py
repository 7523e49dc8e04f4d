"""Property-based fuzzing of every form and page: bad input is refused, never a crash.

For every POST endpoint of the permission table (and the import and the
correction forms, which the table lists by their GET), as an
editor and as a viewer, Hypothesis sends the endpoint's fields filled with
random text, numbers, hostile strings and valid choices, plus fields nobody
asked for, by htmx or as a plain form, to existing and missing objects. For
every GET page it sends random query strings: filters, cursors, dates that do
not exist, huge numbers, NUL bytes. Each example must:

- not raise (a 500);
- change nothing when refused (status 400 or more), nor on any GET;
- answer in the type the endpoint speaks, and redirect only within the site.

Each example runs in a savepoint rolled back after it (see `exchange`). The
bugs found are also pinned as plain tests at the end, so that every run
checks them whatever Hypothesis happens to draw.
"""

import uuid
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from claims import models, services
from claims.domain.numbers import Qualifier, Unit
from claims.factories import ClaimFactory, UserFactory
from tests.test_pagination import cursor_of
from tests.test_permissions import TABLE, objects

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# The fields each form reads (claims/forms.py and the views); rows added to
# the table later are fuzzed with their table data's fields and the extras.
FIELDS: dict[str, tuple[str, ...]] = {
    "mark_claim": ("passage", "start", "end", "statement", "kind", "use_figure"),
    "edit_claim": ("statement", "kind", "refers_to", "wording", "low", "high", "qualifier",
                   "unit", "counted", "base"),
    "add_attribution": ("role", "mode", "source", "new_source_name", "new_source_kind"),
    "change_attribution": ("role", "mode"),
    "add_conduit": ("label", "source"),
    "add_note": ("body",),
    "change_status": ("status",),
    "save_verdict": ("rating", "reasoning", "evidence"),
    "publish_update": ("correction_note",),
    "unpublish_claim": ("reason",),
    "add_link": ("type", "to_claim", "reason"),
    "delete_link": ("claim",),
    "set_question": ("question", "new_text", "new_counted", "create"),
    "assign_claim": ("assign", "from", "assignee", "me", "was"),
    "assign_claims": ("claims", "assignee", "next"),
    "follow_claim": ("follow",),
    "follow_question": ("follow",),
    "mark_all_read": ("after", "before"),
    "decide_suggestion": ("key", "decision"),
    "decide_conflict": ("decision", "note", "next"),
    "import_articles": ("text", "kind", "outlet", "new_outlet"),
    "correct_article": ("body", "note", "version"),
    "reanchor_claim": ("passage",),
}  # fmt: skip
# Fields any form might be sent, whether it reads them or not.
EXTRA_FIELDS = ("next", "claim", "csrfmiddlewaretoken", "pk", "id", "q", "version")
# Query parameters the pages read, and some they do not.
PARAMETERS = (
    "q", "after", "before", "page", "status", "kind", "outlet", "question", "article",
    "assigned", "source", "since", "until", "claim", "exclude", "field", "create", "format",
    "cursor", "ordering", "passage", "start", "end", "published_on", "limit", "type",
    "open", "sort",
)  # fmt: skip
# The only endpoint that signs the client out: fuzzing it would fuzz nothing else.
NOT_FUZZED = {"logout"}

HOSTILE = [
    "<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{ 7*7 }}", "{% now 'Y' %}",
    "\x00", "a\x00b", "\u202eevil", "\x1b[31m", "\ufeff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", " ", "\n\n",
    "2024-13-45", "0000-00-00", "9999-12-31", "-1", "0", "1e309", "NaN", "-Infinity", "1,500",
    "9" * 40, "1" * 20, "%00", "%zz", "//evil.example/", "https://evil.example/",
    "javascript:alert(1)", "/\\evil.example", "../../etc/passwd", "' OR 1=1 --", "x" * 5001,
]  # fmt: skip
CHOICES = sorted(
    {
        value
        for choices in (
            models.ClaimKind, models.ClaimStatus, models.AttributionMode, models.SourceKind,
            models.LinkType, models.ConflictStatus,
        )
        for value in choices.values
    }
    | {q.value for q in Qualifier} | {u.value for u in Unit}
    | {"confirm", "dismiss", "reopen", "accept", "me", "nobody", "queue", "on", "1", "true",
       "auto", "text", "html", "claimreview", "false", "unproven", "0-1", "0-10",
       "anyone", ":nobody", "@eddie.editor", "eddie.editor", "assigned_newest", "assigned_oldest"}
)  # fmt: skip


CURSOR_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.sampled_from(
        [{"t": "dt", "d": "2024-01-01T00:00:00"}, {"t": "date", "d": "2024-13-45"},
         {"t": "dec", "d": "NaN"}, {"t": "dec", "d": "1e999999"}, {"t": "x", "d": "1"}, {}]
    ),
)  # fmt: skip
CURSORS = st.lists(CURSOR_VALUES, min_size=1, max_size=3).map(cursor_of)


def values(pool: list[str]) -> st.SearchStrategy[str]:
    """One field's value: a valid choice or id, hostile text, or noise."""
    return st.one_of(
        st.sampled_from(pool + CHOICES),
        st.sampled_from(HOSTILE),
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.just(""),
        CURSORS,
    )


def names() -> st.SearchStrategy[str]:
    """Field names; the test client cannot put quotes, backslashes or line
    breaks in a multipart field name (a browser escapes them)."""
    return st.text(st.characters(codec="utf-8", exclude_characters="\r\n\"\\"), min_size=1,
                   max_size=12)  # fmt: skip


def everything() -> dict[str, list[tuple]]:
    """Every row of the app's tables, to compare before and after a request.

    Stored suggestions are left out: they are the assistant's reading kept for
    the text, which the suggestions page makes the first time it is asked."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_app_config("claims").get_models()
        if model._meta.label != "claims.SuggestionSet"
    }


@pytest.fixture
def found(db) -> dict:
    """The permission table's objects, and a published fact check besides."""
    rows = objects()
    published = ClaimFactory()
    reviewer = UserFactory()
    services.save_verdict(
        published,
        rating=models.Rating.objects.get(slug="false"),
        reasoning="Wrong.",
        evidence=[],
        by=reviewer,
    )
    services.change_status(published, models.ClaimStatus.PUBLISHED)
    rows["published"] = published
    return rows


def id_pool(found: dict) -> list[str]:
    """Ids of objects that exist, for fields and addresses to point at."""
    ids = {str(obj.pk) for obj in found.values() if hasattr(obj, "pk")}
    ids |= {str(found["claim"].article_id), str(found["attribution"].source_id)}
    ids |= {str(pk) for pk in models.Rating.objects.values_list("pk", flat=True)}
    return sorted(ids)


def addresses(name: str, found: dict) -> st.SearchStrategy[str]:
    """The endpoint's address for its own object, another one, or none at all."""
    args = TABLE[name][1](found) if name in TABLE else []
    existing = [int(pk) for pk in id_pool(found)]
    choices = []
    for arg in args:
        if isinstance(arg, uuid.UUID):
            choices.append(st.sampled_from([arg, found["published"].uid, uuid.uuid4()]))
        else:
            # Its own object half the time: most code runs only when it exists.
            others = st.sampled_from([0, 2**31, 2**63, 10**20, *existing])
            choices.append(st.one_of(st.just(arg), others))
    return st.tuples(*choices).map(lambda picked: reverse(name, args=list(picked)))


def valid_data(name: str, found: dict) -> dict:
    """Data the endpoint accepts: the permission table's, or the import's."""
    if name == "import_articles":
        return {"kind": "auto", "text": "A title\n\nSomeone said so.", "new_outlet": "New Outlet"}
    if name == "correct_article":
        article = found["claim"].article
        return {"body": f"{article.body} Corrected.", "note": "A typo.", "version": article.version}
    data = TABLE[name][2]
    return data(found) if callable(data) else dict(data)


def form(name: str, found: dict) -> st.SearchStrategy[dict]:
    """Valid data or none, with some fields replaced by anything and some added.

    Starting from valid data half the time reaches the code behind a form's
    validation, where the crashes hide.
    """
    base = valid_data(name, found)
    known = sorted(set(FIELDS.get(name, ())) | set(base))
    value = values(id_pool(found))
    return st.builds(
        lambda start, fields, extra: {**extra, **start, **fields},
        st.sampled_from([base, {}]),
        st.dictionaries(
            st.sampled_from(known or list(EXTRA_FIELDS)),
            st.one_of(value, st.lists(value, min_size=2, max_size=3)),
        ),
        st.dictionaries(st.one_of(st.sampled_from(EXTRA_FIELDS), names()), value, max_size=3),
    )


FILES = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "a.txt",
                "page.html",
                "review.json",
                "../../x.txt",
                "\u202efdp.exe",
                "<script>alert(1)</script>.txt",
                "x" * 300,
            ]
        ),
        st.one_of(
            st.binary(max_size=200),
            st.text(max_size=300).map(str.encode),
            st.sampled_from(HOSTILE).map(lambda text: f"Title\n\n{text} said.".encode()),
        ),
    ),
    max_size=3,
)

# Content types each GET endpoint answers with when it succeeds.
TYPES = {
    "api-schema": "application/vnd.oai.openapi",
    "api-article-annotations": "application/ld+json",
    "api-claim-annotation": "application/ld+json",
    "review_feed": "application/ld+json",
    "review_jsonld": "application/ld+json",
    "queue_csv": "text/csv",
    "question_csv": "text/csv",
    "health": "text/plain",
}
# An error is told in HTML, in plain text (to htmx), as JSON, or in the endpoint's own type.
ERROR_TYPES = ("text/html", "text/plain", "application/json")


def expected_type(name: str) -> str:
    return TYPES.get(name, "application/json" if name.startswith("api-") else "text/html")


def check(response, name: str, *, writes: bool) -> None:
    """What every answer must be, whatever was sent."""
    status = response.status_code
    assert status < 500
    kind = response.get("Content-Type", "")
    if status in (301, 302, 303):
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, {"testserver"}), location
    elif status >= 400:
        assert kind.startswith((*ERROR_TYPES, expected_type(name))), (status, kind)
    elif writes:
        assert kind.startswith("text/html"), kind
    else:
        assert kind.startswith(expected_type(name)), kind


def wrote(statements: list[dict]) -> bool:
    """Whether the request sent a write to the app's data (a session is not)."""
    return any(
        query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in query["sql"]
        for query in statements
    )


def exchange(client: Client, method: str, url: str, name: str, *, writes: bool, **kwargs):
    """Send one request, check the answer, and roll back what it did.

    Every example starts from the same objects (a delete does not succeed
    only once), and a database error inside the request (PostgreSQL refuses
    NUL in text) cannot abort the test's transaction for the examples after.
    The tables are compared only when the request sent a write: after it,
    and again once rolled back, which is how they stood before it.
    """
    after = None
    reset_queries()  # the log keeps 9,000 queries: a full one would hide these
    with CaptureQueriesContext(connection) as statements, transaction.atomic():
        response = getattr(client, method)(url, **kwargs)
        if response.streaming:
            b"".join(response.streaming_content)  # a CSV fails only while streaming
        check(response, name, writes=writes)
        refused = response.status_code >= 400 or not writes
        if refused and wrote(statements.captured_queries):
            after = everything()
        transaction.set_rollback(True)
    if after is not None:
        before = everything()
        changed = [table for table, rows in before.items() if after[table] != rows]
        assert changed == [], f"{name} answered {response.status_code} but changed {changed}"


def queries(pool: list[str]) -> st.SearchStrategy[dict]:
    """Each parameter a page may read, present or not, plus some it never reads."""
    value = values(pool)
    some = st.one_of(value, st.lists(value, min_size=2, max_size=3))
    return st.builds(
        lambda extra, known: {**extra, **known},
        st.dictionaries(names(), value, max_size=2),
        st.fixed_dictionaries(
            {},
            optional={
                name: st.one_of(CURSORS, some) if name in {"after", "before"} else some
                for name in PARAMETERS
            },
        ),
    )


# The table lists these forms by their GET: their POST is fuzzed too.
POSTS = sorted(
    {name for name, row in TABLE.items() if row[0] == "post"} - NOT_FUZZED
    | {"import_articles", "correct_article"}
)
GETS = sorted({name for name, row in TABLE.items() if row[0] == "get"} | {"mark_claim"})


@pytest.mark.parametrize("role", ["editor", "viewer"])
@pytest.mark.parametrize("name", POSTS)
@FUZZ
@given(draw=st.data())
def test_no_form_post_crashes_and_a_refused_one_changes_nothing(
    name, role, found, editor_client, viewer_client, draw
):
    client = editor_client if role == "editor" else viewer_client
    url = draw.draw(addresses(name, found), label="url")
    data = draw.draw(form(name, found), label="form")
    files = draw.draw(FILES, label="files") if name == "import_articles" else []
    headers = {"HTTP_HX_REQUEST": "true"} if draw.draw(st.booleans(), label="htmx") else {}
    if files or draw.draw(st.booleans(), label="multipart"):
        uploads = [SimpleUploadedFile(file_name, content) for file_name, content in files]
        kwargs = {"data": {**data, "files": uploads} if uploads else data}
    else:
        kwargs = {
            "data": urlencode(data, doseq=True),
            "content_type": "application/x-www-form-urlencoded",
        }
    exchange(client, "post", url, name, writes=True, **kwargs, **headers)


@pytest.mark.parametrize("name", GETS)
@FUZZ
@given(draw=st.data())
def test_no_page_crashes_or_writes_whatever_its_query_string(name, found, editor_client, draw):
    url = draw.draw(addresses(name, found), label="url")
    query = draw.draw(queries(id_pool(found)), label="query")
    raw = draw.draw(st.sampled_from(["", "&%zz", "&q=%00", "&after=%ff%fe", "&=&&==", "&q"]))
    headers = {"HTTP_HX_REQUEST": "true"} if draw.draw(st.booleans(), label="htmx") else {}
    query_string = urlencode(query, doseq=True) + raw
    note(f"GET {url}?{query_string}")
    exchange(editor_client, "get", url, name, writes=False, QUERY_STRING=query_string, **headers)


# The pages that read a cursor: the app's (after, before) and the API's (cursor).
LISTS = [
    "article_list", "conflict_list", "question_list", "queue", "review_feed", "source_detail",
    "source_list", "api-article-list", "api-claim-list", "api-question-list", "api-source-list",
]  # fmt: skip


@pytest.mark.parametrize("name", LISTS)
@FUZZ
@given(key=st.sampled_from(["after", "before", "cursor"]), cursor=st.one_of(CURSORS, values([])))
def test_no_list_crashes_whatever_cursor_it_is_given(name, found, editor_client, key, cursor):
    """A cursor comes back from the browser: a stale, edited or forged one
    must give a page (the first, say), not an error."""
    url = reverse(name, args=TABLE[name][1](found))
    exchange(editor_client, "get", url, name, writes=False, data={key: cursor})


# What the fuzzing found, pinned so that every run checks it ---------------------------

PAGED = [name for name in LISTS if not name.startswith("api-")]


@pytest.mark.parametrize("name", PAGED)
def test_a_forged_cursor_gives_a_page_not_an_error(name, found, editor_client):
    url = reverse(name, args=TABLE[name][1](found))
    exchange(editor_client, "get", url, name, writes=False, data={"after": cursor_of([0, ""])})


@pytest.mark.parametrize(
    "name", ["search", "find_claims", "find_questions", "find_sources", "source_list",
             "question_list", "queue", "article_list"],
)  # fmt: skip
def test_a_nul_byte_in_a_search_is_not_an_error(name, found, editor_client):
    exchange(editor_client, "get", reverse(name), name, writes=False, data={"q": "a\x00b"})


def test_removing_a_link_with_an_unreadable_claim_field_is_not_an_error(found, editor_client):
    url = reverse("delete_link", args=[found["link"].pk])
    exchange(editor_client, "post", url, "delete_link", writes=True, data={"claim": "x"})


@pytest.mark.parametrize("next_page", ["1", "question_list", "https://evil.example/", "//x.y"])
def test_deciding_a_conflict_returns_only_to_a_page_of_this_site(next_page, found, editor_client):
    url = reverse("decide_conflict", args=[found["conflict"].pk])
    data = {"decision": "confirm", "next": next_page}
    exchange(editor_client, "post", url, "decide_conflict", writes=True, data=data)


def test_an_import_refused_entirely_leaves_no_new_outlet_behind(editor_client):
    data = {"kind": "auto", "text": "1", "new_outlet": "New Outlet"}
    response = editor_client.post(reverse("import_articles"), data)
    assert response.status_code == 422
    assert not models.Source.objects.filter(name="New Outlet").exists()
