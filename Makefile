# The two commands: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
FLASK := $(VENV)/bin/flask --app wsgi
DEMO_PASSWORD ?= demo2019
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: run test install install-dev bench lint

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

test: install-dev
	$(VENV)/bin/pytest

bench: install-dev
	$(VENV)/bin/python bench/home_rps.py

lint: install-dev
	$(VENV)/bin/ruff check smasweb tests bench
