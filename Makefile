# Two commands matter: `make run` (the app with demo data on SQLite) and `make test` (every check).
# Both bootstrap what they need: a virtual environment with the locked dependencies, system packages
# where they are missing and can be installed, compiled translations and migrations.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test bootstrap sysdeps translations migrate demo lint typecheck pytest messages bench clean

run: bootstrap
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py catalogue_load --builtin
	@echo "Serving itsms at http://$(HOST):$(PORT)/"
	@# seed_demo prints the demo logins as its last lines: the last thing before the server starts.
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: bootstrap lint typecheck pytest

bootstrap: $(STAMP) sysdeps translations

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "itsms needs Python 3.11 or newer"' \
		|| { echo "Python 3.11+ is required (found $$($(PYTHON) --version 2>&1))."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
		echo "Could not create a virtual environment. On Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip uv
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock || $(PY) -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

sysdeps:
	@bash scripts/sysdeps.sh

translations: $(STAMP)
	$(PY) manage.py compile_translations

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy .

pytest: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# Regenerate the message catalogues after adding strings (needs GNU gettext); then translate the new entries.
messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location --ignore=.venv --ignore=var

# Every benchmark (or BENCH="documents ...") on SQLite and, when DATABASE_URL points at PostgreSQL, there
# too, each in a fresh database of its own (bench_<name> on that server); figures in bench/results/<vendor>/.
bench: bootstrap
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m bench $(BENCH)

clean:
	rm -rf $(VENV) var
