"""The desk's dashboard: each figure right on a small newsroom of our own, each
link leading to a list of the same claims, every role let in, and a number of
queries that does not grow with the number of claims."""

import datetime as dt
import html
import importlib.util
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import dashboard, models, services
from claims.factories import (
    ClaimFactory,
    QuestionFactory,
    RatingFactory,
    UserFactory,
    VerdictFactory,
)
from claims.views.queue import COUNT_CAP as QUEUE_COUNT_CAP

pytestmark = pytest.mark.django_db
URL = "/desk/"
ROOT = Path(__file__).resolve().parent.parent


def figure(page: str, element_id: str) -> str:
    """The number a figure shows."""
    found = re.search(rf'id="{element_id}"[^>]*>\s*<span class="desk-number">([^<]+)</span>', page)
    assert found, f"no figure {element_id}"
    return found.group(1)


def link(page: str, element_id: str) -> str:
    """Where a figure (an <a> with this id) leads."""
    found = re.search(rf'<a [^>]*href="([^"]+)" id="{element_id}"', page)
    assert found, f"no link {element_id}"
    return html.unescape(found.group(1))


def work_row(page: str, username: str) -> str:
    found = re.search(rf'<tr id="desk-work-{username}">(.*?)</tr>', page, re.S)
    assert found, f"no row for {username}"
    return found.group(1)


def queue_rows(client, url: str) -> set[int]:
    page = client.get(url).text
    assert 'class="error"' not in page, page
    return {int(pk) for pk in re.findall(r'<tr id="queue-row-(\d+)">', page)}


def at(moment: dt.datetime, claim: models.Claim, **fields) -> models.Claim:
    """Set fields a service would have set at another time (not recorded as a change)."""
    models.Claim.objects.filter(pk=claim.pk).update(**fields)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def week():
    """This week's start, a moment inside it and one in the week before."""
    since = dashboard.week_start()
    return since, timezone.now(), since - dt.timedelta(days=2)


@pytest.fixture
def desk(editor, curator, viewer, week):
    """A small newsroom whose every figure is known."""
    _, now, last_week = week
    rating = RatingFactory()
    new = [ClaimFactory(statement=f"New claim number {n}.") for n in range(3)]
    # The oldest first: marked 30, 20 and 10 days ago.
    for days, claim in zip([10, 30, 20], new, strict=True):
        models.Claim.objects.filter(pk=claim.pk).update(created_at=now - dt.timedelta(days=days))
    in_review = [ClaimFactory(status="in_review") for _ in range(2)]
    not_checkable = ClaimFactory(status="not_checkable")

    # Assigned: to the editor twice this week and once last week; to the curator once.
    assigned_now = [at(now, claim, assignee=editor, assigned_at=now) for claim in in_review]
    assigned_before = at(last_week, not_checkable, assignee=editor, assigned_at=last_week)
    curator_assigned = at(now, new[0], assignee=curator, assigned_at=now)

    # Rated: by the editor this week (one), last week (one), and another newsroom's
    # rating waiting for ours, which is nobody's rating yet.
    rated_now = VerdictFactory(reviewer=editor, rating=rating).claim
    rated_before = VerdictFactory(
        reviewer=editor, rating=rating, reviewed_on=timezone.localdate(last_week)
    ).claim
    VerdictFactory(reviewer=editor, rating=None, imported_label="Pants on fire")

    # Published: by the curator this week; an update by the editor (not a publication
    # of their own); one published last week.
    published_now = VerdictFactory(reviewer=curator, rating=rating).claim
    services.publish(published_now, by=curator)
    services.publish_update(published_now, by=editor, correction_note="A typo.")
    published_before = VerdictFactory(reviewer=curator, rating=rating).claim
    publication = services.publish(published_before, by=curator)
    models.Publication.objects.filter(pk=publication.pk).update(first_published_at=last_week)
    models.Verdict.objects.filter(claim=published_before).update(
        reviewed_on=timezone.localdate(last_week)
    )
    models.Verdict.objects.filter(claim=published_now).update(
        reviewed_on=timezone.localdate(last_week)
    )

    # Conflicts: two to decide (the older listed first), one dismissed.
    question = QuestionFactory(text="How many boats reached the harbour?")
    other = QuestionFactory(text="How many lamps were lit?")
    older = models.Conflict.objects.create(
        question=question, first_claim=new[1], second_claim=new[2], kind="contradicts",
        reason="1,200 boats against 40 boats.",
    )  # fmt: skip
    newer = models.Conflict.objects.create(
        question=other, first_claim=in_review[0], second_claim=in_review[1], kind="contradicts",
        reason="Six lamps against six hundred.",
    )  # fmt: skip
    models.Conflict.objects.filter(pk=older.pk).update(created_at=now - dt.timedelta(days=5))
    models.Conflict.objects.create(
        question=other, first_claim=new[0], second_claim=rated_now, kind="contradicts",
        reason="Decided already.", status="dismissed", decision_note="Different harbours.",
    )  # fmt: skip
    return {
        "new": new,
        "assigned_now": assigned_now,
        "assigned_before": assigned_before,
        "curator_assigned": curator_assigned,
        "rated_now": rated_now,
        "rated_before": rated_before,
        "published_now": published_now,
        "published_before": published_before,
        "conflicts": [older, newer],
        "questions": [question, other],
    }


# Each figure ---------------------------------------------------------------------------


def test_claims_by_status_are_counted_and_link_to_the_queue_of_that_status(editor_client, desk):
    page = editor_client.get(URL).text
    expected = {"new": 3, "in_review": 2, "rated": 3, "published": 2, "not_checkable": 1}
    assert models.Claim.objects.count() == sum(expected.values())
    for status, count in expected.items():
        assert figure(page, f"desk-status-{status}") == str(count)
        target = link(page, f"desk-status-{status}")
        assert target == f"/queue/?status={status}"
        listed = queue_rows(editor_client, target)
        assert listed == set(
            models.Claim.objects.filter(status=status).values_list("pk", flat=True)
        )


def test_the_oldest_new_claims_come_first(editor_client, desk):
    page = editor_client.get(URL).text
    listed = re.search(r'id="desk-oldest-list">(.*?)</ol>', page, re.S).group(1)
    order = [int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', listed)]
    new = desk["new"]
    assert order == [new[1].pk, new[2].pk, new[0].pk]
    assert "new for 2\xa0weeks, 6\xa0days" in listed  # twenty days ago
    assert "with cora.curator" in listed  # who holds it


def test_conflicts_waiting_are_counted_and_the_oldest_listed_first(editor_client, desk):
    page = editor_client.get(URL).text
    assert figure(page, "desk-conflicts") == "2"
    assert link(page, "desk-conflicts") == reverse("conflict_list")
    listed = re.search(r'id="desk-conflict-list">(.*?)</ol>', page, re.S).group(1)
    first, second = desk["questions"]
    assert listed.index(f"/questions/{first.pk}/") < listed.index(f"/questions/{second.pk}/")
    assert "Decided already" not in page
    conflicts = editor_client.get(reverse("conflict_list")).text
    assert conflicts.count("boats against") == 1 and conflicts.count("lamps against") == 1


def test_claims_published_this_week_link_to_the_same_claims_in_the_queue(editor_client, desk, week):
    page = editor_client.get(URL).text
    assert figure(page, "desk-published") == "1"  # an update is no second publication
    target = link(page, "desk-published")
    assert target == f"/queue/?done=published&since={week[0]:%Y-%m-%d}"
    assert queue_rows(editor_client, target) == {desk["published_now"].pk}


def test_work_per_editor_counts_this_week_only(editor_client, desk):
    page = editor_client.get(URL).text
    row = work_row(page, "eddieeditor")
    assert re.findall(r">(\d+)</a>", row) == ["2", "1", "0"]  # assigned, rated, published
    row = work_row(page, "coracurator")
    assert re.findall(r">(\d+)</a>", row) == ["1", "0", "1"]
    assert 'id="desk-work-veraviewer"' not in page  # a viewer does no work


def test_each_figure_of_work_lists_the_claims_it_counts(editor_client, desk, week):
    page = editor_client.get(URL).text
    links = {what: html.unescape(href) for href, what in re.findall(
        r'<a href="(/queue/\?done=[^"]+by=eddie.editor[^"]*)" aria-label="\d+ (\w+)', page
    )}  # fmt: skip
    assert set(links) == {"assigned", "rated", "published"}
    assert queue_rows(editor_client, links["assigned"]) == {c.pk for c in desk["assigned_now"]}
    assert queue_rows(editor_client, links["rated"]) == {desk["rated_now"].pk}
    assert queue_rows(editor_client, links["published"]) == set()
    queue = editor_client.get(links["rated"]).text
    assert f"Rated by eddie.editor since {week[0]:%A} {week[0].day} {week[0]:%B}" in queue


def test_the_work_filter_names_nobody_unknown_and_can_be_left(editor_client, desk):
    page = editor_client.get("/queue/?done=rated&by=nobody.here&since=2026-01-05").text
    assert "Some filters could not be read" in page
    everything = queue_rows(editor_client, "/queue/")
    page = editor_client.get("/queue/?done=assigned&since=2000-01-03").text
    notice = re.search(r'<p class="work-notice" id="work-notice">(.*?)</p>', page).group(1)
    assert notice.startswith("Assigned to anyone since Monday 3 January")
    leave = html.unescape(re.search(r'href="([^"]+)">show every claim', notice).group(1))
    assert queue_rows(editor_client, leave) == everything


def test_recent_activity_says_who_changed_what(editor_client, desk, editor):
    claim = desk["new"][0]
    response = editor_client.post(
        reverse("change_status", args=[claim.pk]), {"status": "in_review"}
    )
    assert response.status_code in (200, 302)
    doomed = desk["new"][2]
    services.delete_claim(claim_id=doomed.pk)
    page = editor_client.get(URL).text
    activity = re.search(r'id="desk-activity-list">(.*?)</ol>', page, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", activity, re.S)
    assert len(items) <= dashboard.ACTIVITY
    deleted, changed = items[0], items[1]
    assert "deleted" in deleted and "/claims/" not in deleted  # nothing left to open
    assert f'href="/claims/{claim.pk}/"' in changed
    assert "eddie.editor · status new → in review" in changed


def test_activity_is_capped_and_newest_first(editor_client, desk):
    claims = [ClaimFactory(statement=f"Fresh claim {n}.") for n in range(dashboard.ACTIVITY + 3)]
    page = editor_client.get(URL).text
    activity = re.search(r'id="desk-activity-list">(.*?)</ol>', page, re.S).group(1)
    shown = [int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', activity)]
    assert shown == [claim.pk for claim in reversed(claims)][: dashboard.ACTIVITY]


def test_text_from_claims_is_shown_as_text(editor_client, desk):
    ClaimFactory(statement='<img src=x onerror="alert(1)"> said so.')
    page = editor_client.get(URL).text
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


# Counts: capped as the queue's, and cheap at any size ------------------------------------


def test_counts_are_capped_as_the_queue_caps_them(editor_client, desk, monkeypatch):
    assert dashboard.COUNT_CAP == QUEUE_COUNT_CAP
    monkeypatch.setattr(dashboard, "COUNT_CAP", 2)
    page = editor_client.get(URL).text
    assert figure(page, "desk-status-new") == "2+"
    assert figure(page, "desk-status-in_review") == "2"
    assert figure(page, "desk-status-rated") == "2+"
    assert re.findall(r">(\d\+?)</a>", work_row(page, "eddieeditor")) == ["2", "1", "0"]


def test_the_number_of_queries_does_not_grow_with_the_claims(editor_client, desk, editor):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(URL).status_code == 200
        return len(captured)

    small = queries()
    rating = RatingFactory()
    for n in range(12):
        claim = ClaimFactory(statement=f"More work {n}.")
        models.Claim.objects.filter(pk=claim.pk).update(assignee=editor, assigned_at=timezone.now())
        if n % 2:
            VerdictFactory(claim=claim, reviewer=editor, rating=rating)
    extra = UserFactory(username="nina.new", role="Editors")
    VerdictFactory(reviewer=extra, rating=rating)
    assert queries() == small


# Who may look ----------------------------------------------------------------------------


def test_every_signed_in_role_sees_the_dashboard(client, viewer, editor, curator, superuser):
    for user in (viewer, editor, curator, superuser, UserFactory(username="no.role")):
        client.force_login(user)
        page = client.get(URL)
        assert page.status_code == 200
        assert "<h1>Desk</h1>" in page.text
        client.logout()


def test_nobody_signed_out_sees_it(client, desk):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_only_reads(editor_client):
    assert editor_client.post(URL).status_code == 405


def test_the_header_links_to_the_desk(viewer_client):
    page = viewer_client.get(reverse("queue")).text
    assert '<a href="/desk/">Desk</a>' in page
    assert '<a href="/desk/" aria-current="page">Desk</a>' in viewer_client.get(URL).text


def test_an_empty_newsroom_says_so(editor_client):
    page = editor_client.get(URL).text
    assert figure(page, "desk-status-new") == "0"
    assert "No claim is waiting" in page
    assert "No conflict is waiting for a decision" in page
    assert "Nobody has been assigned, rated or published a claim this week yet" in page


def test_the_week_starts_on_monday_in_the_newsrooms_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    with timezone.override("Europe/Paris"):
        sunday_night = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)  # Monday 00:30 in Paris
        start = dashboard.week_start(sunday_night)
        assert start.isoformat() == "2026-12-07T00:00:00+01:00"
        wednesday = dt.datetime(2026, 12, 9, 12, 0, tzinfo=dt.UTC)
        assert dashboard.week_start(wednesday) == start


# The benchmark's report keeps what other benchmarks wrote ---------------------------------


def _bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_load_run_replaces_only_its_own_sections_of_the_results():
    results = (
        "# Benchmark results\n\n## Attribution\n\nscores\n\n"
        "## Load: the app at a million claims\n\nold table\n\n"
        "## Query plans at this size\n\n```\n### queue\nold plan\n## not a heading\n```\n\n"
        "## Dashboard at a million claims\n\nplans by hand\n"
    )
    load = (
        "## Load: the app at a million claims\n\nnew table\n\n"
        "## Query plans at this size\n\n```\nnew plan\n```\n"
    )
    replaced = _bench_run().replace_load_section(results, load)
    assert replaced == (
        "# Benchmark results\n\n## Attribution\n\nscores\n\n" + load
        + "\n## Dashboard at a million claims\n\nplans by hand\n"
    )  # fmt: skip
    assert _bench_run().replace_load_section("# Benchmark results\n", load).endswith(load)


def test_the_plans_script_the_benchmark_runs_is_valid_python(monkeypatch):
    bench = _bench_run()
    scripts = []

    def fake_run(*args, env, quiet=False):
        scripts.append(args[args.index("-c") + 1])
        return type("Done", (), {"stdout": ""})()

    monkeypatch.setattr(bench, "run", fake_run)
    bench.explain({})
    (script,) = scripts
    compile(script, "explain", "exec")
    assert "dashboard.work_per_editor" in script
