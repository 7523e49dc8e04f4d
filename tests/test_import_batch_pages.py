"""The import page takes addresses and answers at once with a batch page; the batch
page says where each address stands. (Fetching itself: tests/test_import_batches.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import batches, models
from claims.factories import OutletFactory

pytestmark = pytest.mark.django_db

IMPORT = "/articles/import/"


def paste(client, text: str, **extra):
    fields = {f"web-{name}": value for name, value in {"addresses": text, **extra}.items()}
    return client.post(IMPORT, {**fields, "addresses-submit": "1"})


def test_pasted_addresses_become_a_batch_and_the_page_answers_at_once(editor_client, editor):
    response = paste(
        editor_client,
        "https://news.example/a\n  https://news.example/b https://news.example/a\n\n",
    )

    batch = models.ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch.get_absolute_url()
    assert batch.created_by == editor
    assert batch.origin == models.ImportOrigin.PAGE
    # Each address once, in the order given, waiting for a worker.
    assert list(batch.items.values_list("address", "state")) == [
        ("https://news.example/a", "queued"),
        ("https://news.example/b", "queued"),
    ]


def test_the_batch_page_shows_each_address_and_the_counts(editor_client):
    paste(editor_client, "https://news.example/a\nnot an address\nftp://files.example/x")
    batch = models.ImportBatch.objects.get()

    page = editor_client.get(batch.get_absolute_url()).content.decode()

    assert "0 of 3 done" not in page  # two were refused at once
    assert "1 of 3 done" not in page
    assert "2 of 3 done" in page
    assert "https://news.example/a" in page
    assert "“not an address” is not a web address" in page
    assert "only http:// and https:// links are kept" in page
    # Unfinished, the list asks again by itself.
    assert 'hx-trigger="every 2s"' in page


def test_a_finished_batch_stops_asking(editor_client):
    paste(editor_client, "not-an-address")
    batch = models.ImportBatch.objects.get()

    page = editor_client.get(batch.get_absolute_url()).content.decode()

    assert "Done: imported 0, already here 0, refused 1" in page
    assert "every 2s" not in page


def test_htmx_asks_for_the_progress_part_only(editor_client):
    paste(editor_client, "https://news.example/a")
    batch = models.ImportBatch.objects.get()

    part = editor_client.get(batch.get_absolute_url(), headers={"HX-Request": "true"})

    assert part.content.decode().lstrip().startswith('<section id="batch-progress"')
    assert "HX-Request" in part["Vary"]


def test_the_import_page_lists_the_editors_recent_batches(editor_client, curator_client):
    paste(editor_client, "https://news.example/a https://news.example/b")
    batch = models.ImportBatch.objects.get()

    mine = editor_client.get(IMPORT).content.decode()
    theirs = curator_client.get(IMPORT).content.decode()

    assert batch.get_absolute_url() in mine
    assert "2 addresses, <strong>2 still being worked</strong>" in mine
    assert batch.get_absolute_url() not in theirs


def test_the_outlet_chosen_goes_with_the_batch(editor_client):
    outlet = OutletFactory()

    paste(editor_client, "https://news.example/a", outlet=outlet.pk)

    assert models.ImportBatch.objects.get().outlet == outlet


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \n ", "Paste at least one web address."),
        (
            " ".join(f"https://news.example/{n}" for n in range(batches.PAGE_MAX_ADDRESSES + 1)),
            "one batch takes at most 100",
        ),
    ],
)
def test_nothing_or_too_much_is_refused_and_what_was_typed_is_kept(editor_client, text, message):
    response = paste(editor_client, text)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert "https://news.example/100" in response.content.decode() or not text.strip()
    assert not models.ImportBatch.objects.exists()


def test_viewers_and_strangers_cannot_import_or_see_batches(client, viewer_client, editor_client):
    paste(editor_client, "https://news.example/a")
    batch = models.ImportBatch.objects.get()
    item = batch.items.get()

    assert paste(viewer_client, "https://news.example/b").status_code == 403
    assert viewer_client.get(batch.get_absolute_url()).status_code == 403
    assert client.get(batch.get_absolute_url()).status_code == 302
    for name in ("import_item_force", "import_item_retry"):
        assert viewer_client.post(reverse(name, args=[item.uid])).status_code == 403
        assert client.post(reverse(name, args=[item.uid])).status_code == 302
    assert models.ImportBatch.objects.count() == 1


def test_only_a_page_judged_not_an_article_can_be_forced_in(editor_client):
    paste(editor_client, "not-an-address\nhttps://news.example/a")
    refused, queued = models.ImportItem.objects.order_by("position")

    for item in (refused, queued):
        editor_client.post(reverse("import_item_force", args=[item.uid]))

    refused.refresh_from_db()
    queued.refresh_from_db()
    assert (refused.state, refused.force) == ("refused", False)
    assert (queued.state, queued.force) == ("queued", False)


def test_the_batch_page_makes_the_same_number_of_queries_however_many_items(editor_client):
    counts = []
    for size in (2, 40):
        paste(editor_client, "\n".join(f"https://news.example/{size}/{n}" for n in range(size)))
        batch = models.ImportBatch.objects.order_by("-id").first()
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(batch.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
