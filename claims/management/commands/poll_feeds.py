"""Poll the outlets' feeds and import their new entries."""

from django.core.management.base import BaseCommand
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from tqdm import tqdm

from claims import batches, feeds, models, tasks


class Command(BaseCommand):
    help = (
        "Poll the feeds curators registered and import their new entries, here and now, "
        "with a summary. With --schedule, ask the worker to poll them every "
        "FEED_POLL_MINUTES instead (once is enough; `make demo` does it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Poll every active feed, due or not."
        )
        parser.add_argument(
            "--schedule", action="store_true", help="Start the worker's periodic poll."
        )

    def handle(self, *args, all: bool, schedule: bool, **options):
        if schedule:
            self._schedule()
            return
        if all:
            active = models.Feed.objects.filter(is_active=True).select_related("outlet")
            results = [feeds.poll(feed, run=False) for feed in active]
        else:
            results = feeds.poll_due(run=False)
        items = [
            pk
            for result in results
            if result.batch is not None
            for pk in result.batch.items.filter(state=models.ImportState.QUEUED).values_list(
                "pk", flat=True
            )
        ]
        for item_id in tqdm(items, desc="Importing", unit="page", disable=len(items) < 2):
            batches.work(item_id)
        for result in results:
            if result.error:
                self.stdout.write(f"{result.feed}: failed: {result.error}")
                continue
            line = f"{result.feed}: {result.new} new"
            if result.batch is not None:
                done = batches.progress(result.batch)
                line += f" (imported {done.imported}, already here {done.duplicate}, refused {done.refused})"
            if result.skipped:
                line += f", {result.skipped} entries without a usable address"
            self.stdout.write(line)
        self.stdout.write(f"Polled {len(results)} feed{'s' if len(results) != 1 else ''}.")

    def _schedule(self) -> None:
        # With the database queue, a poll already waiting is not doubled: `make demo`
        # runs this at every start.
        if isinstance(tasks.poll_feeds.get_backend(), DatabaseBackend):
            path = f"{tasks.poll_feeds.func.__module__}.{tasks.poll_feeds.func.__qualname__}"
            if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
                self.stdout.write("The periodic feed poll is scheduled already.")
                return
        tasks.poll_feeds.enqueue()
        self.stdout.write("The worker will poll the feeds now and every so often after.")
