# The two commands: `make run` and `make test` (see README.md); `make lint` before a commit.
VENV ?= .venv
PYTHON ?= python3
FLASK := $(VENV)/bin/flask --app wsgi
DEMO_PASSWORD ?= demo2019
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: run demo-reset test install install-dev bench lint

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(FLASK) db upgrade
	$(FLASK) smas demo --password '$(DEMO_PASSWORD)' --if-empty --manifest instance/demo-accounts.json
	@echo "SMAS Web: http://$(HOST):$(PORT)/ (the scheduler runs beside it, in its own process)"
	@$(FLASK) smas scheduler & sched=$$!; \
	trap 'kill $$sched 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - wsgi:app

# Drop every table of the database `make run` uses and load the demo again, built
# around today or SMAS_TODAY (asks first): `SMAS_TODAY=2026-09-03 make demo-reset run`.
demo-reset: install
	$(FLASK) smas demo --reset --password '$(DEMO_PASSWORD)' --manifest instance/demo-accounts.json

# The two halves at once (one core each): SQLite with the backend-free tests in the
# foreground, PostgreSQL beside it; its output follows. Fails if either fails.
test: install-dev
	@SMAS_TEST_BACKEND=postgresql $(VENV)/bin/pytest -p no:cacheprovider \
	  > .pytest-postgresql.log 2>&1 & pg=$$!; \
	SMAS_TEST_BACKEND=sqlite $(VENV)/bin/pytest; sqlite=$$?; \
	wait $$pg; postgres=$$?; \
	echo "=== PostgreSQL half ==="; cat .pytest-postgresql.log; \
	exit $$((sqlite || postgres))

bench: install-dev
	$(VENV)/bin/python bench/home_rps.py

# ruff's rules (pyproject.toml) and its formatting, as CI checks them.
lint: install-dev
	$(VENV)/bin/ruff check smasweb tests bench
	$(VENV)/bin/ruff format --check smasweb tests bench
