"""`manage.py db_worker` for the intake benchmark: every host name resolves to this
machine, where the benchmark serves each page under its original address, so that
pages are fetched, and their outlets told, by the addresses they really had.

Only the benchmark runs this; the app's own resolver is untouched everywhere else.
"""

import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.core.management import execute_from_command_line  # noqa: E402

from claims import batches  # noqa: E402


def _here(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


batches.fetch = functools.partial(batches.fetch, resolve=_here)

if __name__ == "__main__":
    execute_from_command_line(["manage.py", "db_worker", *sys.argv[1:]])
