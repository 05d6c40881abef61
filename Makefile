# Downline: two commands on a fresh machine.
#   make demo  - install, migrate, compile translations, seed, serve http://127.0.0.1:8000
#   make test  - install, lint, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

.PHONY: demo test install lint messages makemessages migrate seed serve bench clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogs are built here, never committed.
messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

# Re-extracts the strings into locale/*/LC_MESSAGES/django.po (needs gettext).
makemessages: install
	$(BIN)/python manage.py makemessages -l ru -l uk --ignore=.venv --ignore=staticfiles --no-obsolete

migrate: install
	$(BIN)/python manage.py migrate --noinput -v0

seed: migrate messages
	$(BIN)/python manage.py seed_demo --host $(HOST) --port $(PORT)

serve:
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: seed
	@echo "Serving the demo at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .

test: install messages lint
	$(BIN)/python manage.py collectstatic --noinput -v0 --settings=config.settings.test
	$(BIN)/pytest -n $(TEST_WORKERS)

bench: install messages
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || true
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
	find . -name '*.mo' -not -path './.venv/*' -delete
