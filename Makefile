# Uppföljning – two commands do all set-up on a fresh machine:
#   make run    creates .venv, migrates, loads the source reports, creates demo users, serves
#   make test   creates .venv and runs the whole test suite (DATABASE_URL selects PostgreSQL)
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000

.PHONY: run test venv lint clean backup restore

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
		--exclude=sessions --indent=1 --output=$(BACKUP)

restore: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore_backup $(BACKUP)

lint: venv
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
