"""Background work, in Django's task framework: each task is a thin call into the
service that does the work, so a test, the command and a worker all run the same code.

Which queue runs them is a setting (TASKS_BACKEND): the database with
`manage.py db_worker`, or Redis with `manage.py rqworker default`.
"""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from claims import batches, feeds, models, suggesting


@task
def import_address(item_id: int) -> None:
    batches.work(item_id)


@task
def suggest(article_id: int) -> None:
    article = models.Article.objects.filter(pk=article_id).first()
    if article is not None:  # deleted since it was queued
        suggesting.compute_suggestions(article)


@task
def poll_feeds() -> None:
    """Poll the feeds that are due, then come round again after FEED_POLL_MINUTES."""
    try:
        feeds.poll_due()
    finally:
        # A queue that cannot hold a task for later (the immediate one of tests)
        # would poll again at once, for ever: there, polls come from the command.
        if poll_feeds.get_backend().supports_defer:
            run_after = timezone.now() + timedelta(minutes=settings.FEED_POLL_MINUTES)
            poll_feeds.using(run_after=run_after).enqueue()
