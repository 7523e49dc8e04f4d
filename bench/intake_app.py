"""The intake benchmark through the app itself: each page served over HTTP, pasted as an
address into one import batch, fetched, read and imported by real `db_worker` processes,
then scored from what the database holds. Used by `bench/intake.py` (its default mode).

A fresh database is made for the run: PostgreSQL when `--database-url` names one (the
database is dropped and made again), else SQLite in a temporary folder (one worker: SQLite
takes one writer at a time). Pages are served as saved, bytes and all, with no charset in
their Content-Type, so the app finds their charset as it would on the web.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# How long the run may take before it is called stuck (the pages take seconds).
DEADLINE_SECONDS = 900


@dataclass(frozen=True)
class Imported:
    """What the app made of one page."""

    id: str
    state: str  # imported, duplicate or refused
    reason: str
    body: str
    outlet: str
    language: str
    authors: str


@dataclass(frozen=True)
class AppRun:
    results: dict[str, Imported]
    seconds: float  # from the batch's enqueueing to its last item's end
    workers: int
    database: str
    outlets_created: list[str]


def _serve(pages: dict[str, bytes], port: int) -> ThreadingHTTPServer:
    """Pages by host and path: the workers reach every host name here."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            body = pages.get(unquote(f"{host}{self.path}"))
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def local_address(url: str, port: int) -> str:
    """The page's original address, on this machine's port, over plain HTTP."""
    parts = urlsplit(url)
    return parts._replace(scheme="http", netloc=f"{parts.hostname}:{port}").geturl()


def run_through_app(
    pages: dict[str, tuple[str, bytes]], *, workers: int, database_url: str | None
) -> AppRun:
    """Import every page (id -> (original address, saved bytes)) through a batch worked
    by `workers` workers."""
    folder = Path(tempfile.mkdtemp(prefix="intake-"))
    if database_url:
        _fresh_postgres(database_url)
    else:
        database_url = f"sqlite:///{folder / 'intake.sqlite3'}"
        workers = 1
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "intake-benchmark",
        "TASKS_BACKEND": "database",
        "IMPORT_ALLOW_LOCAL_ADDRESSES": "1",
        "DJANGO_SETTINGS_MODULE": "newsclaims.settings",
    }
    os.environ.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True, cwd=ROOT)

    import django

    django.setup()
    from django.db.models import Max

    from claims import batches, models

    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    addresses = {page_id: local_address(url, port) for page_id, (url, _) in pages.items()}
    served = {}
    for page_id, (_, body) in pages.items():
        parts = urlsplit(addresses[page_id])
        served[
            unquote(
                f"{parts.hostname}{parts.path or '/'}{'?' + parts.query if parts.query else ''}"
            )
        ] = body
    server = _serve(served, port)
    ids = sorted(pages)
    worker = [sys.executable, str(ROOT / "bench" / "intake_worker.py")]
    processes = [
        subprocess.Popen(
            [*worker, "--no-startup-delay", "--interval", "0.05", "--no-reload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        start = time.time()
        batch = batches.start_batch(
            addresses=[addresses[page_id] for page_id in ids],
            by=None,
            origin=models.ImportOrigin.COMMAND,
        )
        done = models.ImportState.finished()
        while batch.items.exclude(state__in=done).exists():
            if time.time() - start > DEADLINE_SECONDS:
                raise SystemExit("The batch did not finish in time: are the workers running?")
            time.sleep(0.2)
        last = batch.items.aggregate(last=Max("updated_at"))["last"]
        seconds = last.timestamp() - start
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        server.shutdown()
    results = {}
    by_address = {address: page_id for page_id, address in addresses.items()}
    for item in batch.items.select_related("article__outlet"):
        page_id = by_address[item.address]
        article = item.article
        results[page_id] = Imported(
            id=page_id,
            state=item.state,
            reason=item.reason,
            body=article.body if article else "",
            outlet=article.outlet.name if article else "",
            language=article.language if article else "",
            authors=article.authors if article else "",
        )
    outlets = sorted(
        models.Source.objects.filter(kind=models.SourceKind.OUTLET).values_list("name", flat=True)
    )
    return AppRun(results, seconds, workers, database_url.split("@")[-1], outlets)
