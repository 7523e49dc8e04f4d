"""Settings come from the environment and are safe by default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "claims.newsroom.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # What this test process was given (DEBUG, the browser tests' async flag)
    # is not what a deployment has.
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_debug_the_app_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_with_debug_a_development_key_is_used():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                    env={"DEBUG": "1", "SECRET_KEY": ""})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "development-key" in result.stdout


def test_database_url_chooses_the_database():
    script = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    sqlite = manage("shell", "-c", script, env={**PRODUCTION, "DATABASE_URL": ""})
    assert sqlite.stdout.strip().endswith("sqlite3")
    postgres = manage(
        "shell", "-c", script, env={**PRODUCTION, "DATABASE_URL": "postgres://u@db.example/x"}
    )
    assert postgres.stdout.strip().endswith("postgresql")
