# Uppföljning – two commands do all set-up on a fresh machine:
#   make run    creates .venv, migrates, loads the source reports, creates demo users, serves
#   make test   creates .venv and runs the whole test suite (DATABASE_URL selects PostgreSQL)
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000

.PHONY: run test venv lint clean backup restore bench bench-sqlite bench-postgres bench-pages loadcheck

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 saknas ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_past_reports
	$(PY) manage.py create_demo_users
	@echo "Öppna http://$(HOST)/ och logga in med en av inloggningarna ovan."
	DEBUG=1 $(PY) manage.py runserver $(HOST)

test: venv
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Backup and restore (README: "Säkerhetskopiering och återläsning"); DATABASE_URL selects the
# database. Restore only into a new, empty database.
BACKUP ?= backup.json
backup: venv
	$(PY) manage.py dumpdata --natural-foreign --exclude=contenttypes --exclude=auth.permission \
		--exclude=sessions --exclude=measures.usersession --indent=1 --output=$(BACKUP)

restore: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore_backup $(BACKUP)

lint: venv
	$(VENV)/bin/ruff check .

# The benchmark (BENCHMARKS.md) on a fresh, dedicated database of each kind; never on db.sqlite3.
#   make bench                  both databases, the issue's full scale
#   make bench SCALE=0.01 RUNS=3 BENCH_FLAGS=--check   the CI smoke run
SCALE       ?= 1
RUNS        ?= 5
PAGE_RUNS   ?= 41
BENCH_FLAGS ?=
BENCH_SQLITE := $(CURDIR)/bench.sqlite3
BENCH_PG_SERVER ?= postgres://postgres@127.0.0.1:5432
BENCH_PG_DB     ?= uppfoljning_bench
LOAD_SECONDS ?= 60

bench: bench-sqlite bench-postgres

bench-sqlite: venv
	rm -f $(BENCH_SQLITE) $(BENCH_SQLITE)-wal $(BENCH_SQLITE)-shm
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) manage.py bench --scale $(SCALE) --runs $(RUNS) --page-runs $(PAGE_RUNS) --json bench-sqlite.json $(BENCH_FLAGS)

bench-postgres: venv
	psql "$(BENCH_PG_SERVER)/postgres" -qc "DROP DATABASE IF EXISTS $(BENCH_PG_DB)"
	psql "$(BENCH_PG_SERVER)/postgres" -qc "CREATE DATABASE $(BENCH_PG_DB)"
	DATABASE_URL=$(BENCH_PG_SERVER)/$(BENCH_PG_DB) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_PG_SERVER)/$(BENCH_PG_DB) $(PY) manage.py bench --scale $(SCALE) --runs $(RUNS) --page-runs $(PAGE_RUNS) --json bench-postgres.json $(BENCH_FLAGS)

# Only the page rows again, on the databases the two targets above left (seconds, not minutes).
bench-pages: venv
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) manage.py bench --pages-only --page-runs $(PAGE_RUNS) $(BENCH_FLAGS)
	DATABASE_URL=$(BENCH_PG_SERVER)/$(BENCH_PG_DB) $(PY) manage.py bench --pages-only --page-runs $(PAGE_RUNS) $(BENCH_FLAGS)

# gunicorn (2 workers) and wrk against the SQLite bench database that `make bench-sqlite` left.
loadcheck: venv
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(PY) -m bench.loadcheck --seconds $(LOAD_SECONDS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache bench.sqlite3* bench-*.json
