# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two are made of.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test chromium lint format messages translations bench bench-pdf load clean

# With DEBUG off the settings are production's and need its environment (README); these
# targets are for a development machine, so they run with the embedded defaults.
run lint messages bench-pdf: export DEBUG = true

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# Compiled catalogues are build output: made from the .po files with polib, so no GNU gettext is needed.
translations: $(STAMP)
	$(BIN)/python -c "import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for p in pathlib.Path('config/locale').rglob('*.po')]"

run: translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_cases
	$(BIN)/python manage.py load_demo_skolfam
	$(BIN)/python manage.py load_demo_results
	$(BIN)/python manage.py refresh_indicators
	@echo ""
	@echo "Tillsammans runs at http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The identity provider the sign-in tests start (tests/accounts/test_identity_provider.py):
# the npm package at the version its lock file pins, installed once.
OIDC_PROVIDER := tests/accounts/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund

test: translations chromium $(OIDC_PROVIDER)/node_modules/.package-lock.json
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The browser tests (tests/e2e) drive Debian's Chromium; Playwright downloads no browser here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core; \
	  else \
	    echo "The browser tests need Chromium: sudo apt-get install -y chromium fonts-dejavu-core"; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The key pages timed on generated counties of 1,000 and 100,000 children (PostgreSQL at
# 127.0.0.1), side by side in bench/results.json; each county is generated once, then reused.
bench: translations
	PYTHON=$(BIN)/python bench/bench.sh

# The case page of the 100,000-children county under a minute of bounded load (gunicorn, wrk).
load: translations
	PYTHON=$(BIN)/python bench/load.sh

# How long a typical 3-page SIP takes to render as PDF on this machine.
bench-pdf: translations
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py bench_pdf --runs 20

# Developers only (needs GNU gettext): refresh the English catalogue from the source strings.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=tests --no-obsolete

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
