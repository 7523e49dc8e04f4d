# Two commands for a fresh machine:
#   make demo   set up, load the demo fixtures into SQLite, run on http://127.0.0.1:8000
#               with the background worker beside it (imports from addresses and feeds)
#   make test   set up (Chromium included) and run the whole test suite
# DATABASE_URL picks the database for both (SQLite when unset).

PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1

.PHONY: demo test setup chromium redis lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py loaddata demo
	$(DEV_ENV) $(BIN)/python manage.py populate_history --auto
	$(DEV_ENV) $(BIN)/python manage.py demo_accounts
	$(DEV_ENV) $(BIN)/python manage.py poll_feeds --schedule
	@# The worker runs beside the web server and stops with it (Ctrl-C).
	$(DEV_ENV) $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests drive the system Chromium; Playwright cannot download one here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from the system packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

# One test module runs an import batch through a real Redis queue and RQ worker.
redis:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  echo "Starting the local Redis"; \
	  redis-server --port 6379 --bind 127.0.0.1 --save '' --daemonize yes >/dev/null; \
	  for i in $$(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: setup chromium redis lint
	$(DEV_ENV) $(BIN)/pytest --create-db
