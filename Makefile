# Race Archive: `make run` serves the demo archive, `make test` runs the suite.
# Both work on a fresh machine with only python3: they create .venv themselves.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Re-install only when requirements.txt changes, not on every run.
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run serve test lint format clean backup restore

run: $(STAMP) .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py export_archive dumps/latest
	$(PY) manage.py create_editor
	@echo "Race Archive: http://$(HOST):$(PORT)/  (editors: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Serve again without reloading the demo (the database is left as it is).
serve: $(STAMP) .env
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py runserver $(HOST):$(PORT)

# DATABASE_URL is passed through from the environment: CI points it at PostgreSQL.
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, and the import contracts of pyproject.toml: results' layers import one way only.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# A secret made once per checkout and never committed (.env is in .gitignore).
# runserver speaks plain HTTP, so the HTTPS-only cookies and redirects are off here.
.env:
	@echo "Writing .env with a new DJANGO_SECRET_KEY"
	@umask 077 && $(PYTHON) -c 'import secrets; print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50)); print("DJANGO_SECURE_SSL=0")' > .env

# The whole archive in one file under backups/ (pg_dump, or SQLite's online backup), and
# back: `make restore FILE=backups/racearchive-….dump` replaces the archive with it.
backup: $(STAMP) .env
	$(PY) manage.py backup

restore: $(STAMP) .env
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/racearchive-....dump"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

# Keeps db.sqlite3 and .env (the archive and the editor account); delete them by hand for a fresh start.
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
