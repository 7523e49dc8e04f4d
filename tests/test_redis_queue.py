"""Moving the queue to a queue server is proven, not promised: a batch goes through the
Redis on this machine (127.0.0.1:6379; `.ci/run` starts it when it is down) and a real
RQ worker, with TASKS_BACKEND=redis's backend and not a line of our code changed.

The worker is RQ's SimpleWorker, which runs each job in this process rather than a
fork, so that the jobs see the test's database; everything between the enqueue and
the job (serialising it, the Redis queue, the worker taking it) is RQ's own.
"""

import django_rq
import pytest
from django_tasks_rq.backend import Job
from rq import SimpleWorker

from claims import batches, models
from tests.test_import_batches import article_page

pytestmark = pytest.mark.django_db

RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}


@pytest.fixture
def redis_queue(settings):
    settings.TASKS = RQ
    settings.IMPORT_ALLOW_LOCAL_ADDRESSES = True
    queue = django_rq.get_queue("default", job_class=Job)
    queue.connection.ping()  # fails loudly if Redis is not running
    queue.empty()
    yield queue
    queue.empty()


def test_a_batch_runs_through_redis_and_an_rq_worker(
    redis_queue, web_server, editor, django_capture_on_commit_callbacks
):
    web_server.page("/news/ferry", article_page())
    web_server.page("/gone", "<p>No such page</p>", status=404)

    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.start_batch(
            addresses=[web_server.url("/news/ferry"), web_server.url("/gone")],
            by=editor,
            origin=models.ImportOrigin.PAGE,
        )

    # Queued in Redis, and nothing done yet: no worker has run.
    assert redis_queue.count == 2
    assert set(batch.items.values_list("state", flat=True)) == {"queued"}
    assert web_server.requests == []

    worker = SimpleWorker([redis_queue], connection=redis_queue.connection, job_class=Job)
    with django_capture_on_commit_callbacks(execute=True):
        worker.work(burst=True)

    items = list(batch.items.order_by("position"))
    assert [item.state for item in items] == ["imported", "refused"]
    assert items[0].article.title == "Ferry terminal opening delayed to March"
    assert "404" in items[1].reason
    # The imported article's suggestions are asked for through the same queue,
    # once its import is committed.
    assert redis_queue.count == 1
    assert not models.SuggestionSet.objects.exists()
    worker.work(burst=True)
    assert redis_queue.count == 0
    assert models.SuggestionSet.objects.filter(article=items[0].article).exists()
