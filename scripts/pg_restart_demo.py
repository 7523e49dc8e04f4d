#!/usr/bin/env python3
"""Show that the app rides out a PostgreSQL restart without being restarted itself.

It makes a scratch database, migrates it, starts the app on it (manage.py
runserver --noreload, DEBUG=1, a free port), signs in, then asks for the
articles page every 0.2 s for about 20 s; after 5 s it restarts PostgreSQL
with pg_ctlcluster. It prints each request's time and status, and a summary:
how many failed, over which span, and whether the requests after the outage
succeeded. The scratch database is dropped at the end.

Run it as root (or the postgres user) on the machine that runs PostgreSQL,
from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/pg_restart_demo.py
    DATABASE_URL=... scripts/pg_restart_demo.py --pool   # with the connection pool (DB_POOL=1)

DATABASE_URL names the server and a role allowed to create databases; its
database name is ignored. --cluster names the pg_ctlcluster cluster behind it
("main" unless told), e.g. a throwaway one so that nobody else is disturbed:

    pg_createcluster 15 restartdemo --port 5439 --start   # then allow 127.0.0.1 in its pg_hba.conf
    DATABASE_URL=postgres://postgres@127.0.0.1:5439/postgres scripts/pg_restart_demo.py --cluster restartdemo
    pg_dropcluster --stop 15 restartdemo
 Exit status: 0 when every request after the outage
(the restart, plus 2 s of grace) succeeded, 1 when one failed, 2 when the
demonstration could not run (no PostgreSQL, the app did not start).

Do not run it while others use the same PostgreSQL server: it restarts it.
"""

import argparse
import html
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
# Run as ./scripts/pg_restart_demo.py: continue in the project's virtualenv.
if (VENV / "bin" / "python").exists() and Path(sys.prefix).resolve() != VENV.resolve():
    os.execv(VENV / "bin" / "python", [str(VENV / "bin" / "python"), __file__, *sys.argv[1:]])  # noqa: S606

import dj_database_url  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

PYTHON = sys.executable
SCRATCH = "newsclaims_restart_demo"
USERNAME = "restart-demo"
PAGE = "/articles/"
EVERY = 0.2  # seconds between requests
DURATION = 20.0
RESTART_AT = 5.0
GRACE = 2.0


def refuse(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


def admin_connection(url: str) -> psycopg.Connection:
    """A connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def scratch_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{SCRATCH}"))


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of one: cookies, and requests that follow no redirect (a
    redirect to the sign-in page means the session was lost: a failure)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def sign_in(self, password: str) -> None:
        _, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {"username": USERNAME, "password": password,
                "csrfmiddlewaretoken": html.unescape(token[1]) if token else ""}  # fmt: skip
        status, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in answered {status}")


def wait_until_up(browser: Browser, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the app stopped while starting")
        try:
            if browser.request("GET", "/accounts/login/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the app did not answer within 30 s")


def restart_postgres(cluster: str, window: dict) -> None:
    """Restart the cluster; record when the restart began and when it was back."""
    version = sorted(os.listdir("/etc/postgresql"))[0]
    window["start"] = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "restart"],
        check=True,
    )
    window["end"] = time.monotonic()


def poll(browser: Browser, cluster: str, window: dict) -> list[tuple[float, float, str, bool]]:
    """Ask for the page every EVERY seconds; restart PostgreSQL at RESTART_AT."""
    timeline = []
    began = time.monotonic()
    # In a thread: the requests go on while PostgreSQL restarts.
    restarter = threading.Thread(target=restart_postgres, args=(cluster, window))
    for tick in range(int(DURATION / EVERY)):
        time.sleep(max(0.0, began + tick * EVERY - time.monotonic()))
        if tick * EVERY >= RESTART_AT and restarter.ident is None:
            restarter.start()
        at = time.monotonic() - began
        try:
            status, _ = browser.request("GET", PAGE)
            timeline.append((at, time.monotonic() - began - at, str(status), status == 200))
        except OSError as error:
            timeline.append((at, time.monotonic() - began - at, type(error).__name__, False))
    restarter.join()
    if "end" not in window:
        raise RuntimeError("pg_ctlcluster could not restart PostgreSQL")
    for key in ("start", "end"):
        window[key] -= began
    return timeline


def report(timeline: list[tuple[float, float, str, bool]], window: dict) -> int:
    print(f"{'t (s)':>7}  {'took':>6}  status")
    for at, took, status, ok in timeline:
        marker = "" if ok else "   <- failed"
        print(f"{at:7.2f}  {took:5.2f}s  {status}{marker}")
    failed = [at for at, _, _, ok in timeline if not ok]
    recovered_by = window["end"] + GRACE
    late = [at for at in failed if at > recovered_by]
    print()
    print(f"PostgreSQL restart: from {window['start']:.2f} s to {window['end']:.2f} s.")
    if failed:
        print(f"{len(failed)} of {len(timeline)} requests failed, "
              f"from {failed[0]:.2f} s to {failed[-1]:.2f} s.")  # fmt: skip
    else:
        print(f"None of the {len(timeline)} requests failed.")
    slowest = max(timeline, key=lambda row: row[1])
    print(f"The slowest request took {slowest[1]:.2f} s (sent at {slowest[0]:.2f} s).")
    after = [ok for at, _, _, ok in timeline if at > recovered_by]
    if late:
        print(f"{len(late)} requests after {recovered_by:.2f} s (the restart plus "
              f"{GRACE:.0f} s) failed: the app did not recover by itself.")  # fmt: skip
        return 1
    print(f"All {len(after)} requests after {recovered_by:.2f} s (the restart plus "
          f"{GRACE:.0f} s) succeeded, with the app never restarted.")  # fmt: skip
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", action="store_true", help="run the app with DB_POOL=1")
    parser.add_argument(
        "--cluster", default="main", help="the cluster to restart, the one DATABASE_URL names"
    )
    options = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        refuse(
            "This demonstration needs PostgreSQL: set DATABASE_URL to "
            "postgres://USER@HOST:PORT/postgres (SQLite has no server to restart)."
        )
    if not Path("/etc/postgresql").is_dir():
        refuse("No local PostgreSQL cluster (/etc/postgresql): it must run on this machine.")

    password = secrets.token_urlsafe(16)
    env = {**os.environ, "DATABASE_URL": scratch_url(url), "DEBUG": "1",
           "DB_POOL": "1" if options.pool else "0", "DJANGO_SUPERUSER_PASSWORD": password}  # fmt: skip
    with admin_connection(url) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH)))
    server = None
    try:
        print(f"Migrating the scratch database {SCRATCH}…", flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "createsuperuser", "--no-input", "--username", USERNAME,
               "--email", "restart-demo@example.org")  # fmt: skip
        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        browser = Browser(port)
        try:
            wait_until_up(browser, server)
            browser.sign_in(password)
        except (RuntimeError, OSError) as error:
            refuse(f"The app could not be started and signed in to: {error}")
        print(f"The app runs on port {port} (pid {server.pid}, pool {'on' if options.pool else 'off'}); "
              f"asking for {PAGE} every {EVERY} s for {DURATION:.0f} s, "
              f"restarting PostgreSQL at {RESTART_AT:.0f} s.\n", flush=True)  # fmt: skip
        window: dict = {}
        timeline = poll(browser, options.cluster, window)
        still_running = server.poll() is None
        code = report(timeline, window)
        print(f"The app process {'was never restarted' if still_running else 'DIED'} "
              f"(pid {server.pid}).")  # fmt: skip
        return code if still_running else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        with admin_connection(url) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH))
            )


if __name__ == "__main__":
    sys.exit(main())
