# Réseau citoyenneté — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE ?= network_site.settings.dev
# The site's public address (home.services.absolute_url): `PORT=8080 make run` gives
# http://127.0.0.1:8080 to the sitemap, feeds, calendars and e-mails.
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test install setup messages lint format check-catalogue catalogues clean bench screenshots

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

setup: messages
	$(PY) manage.py migrate --no-input --verbosity 0
	$(PY) manage.py load_communes
	$(PY) manage.py load_demo --if-empty

run: setup
	@echo "Serving on http://127.0.0.1:$(PORT)/ — admin at http://127.0.0.1:$(PORT)/admin/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Test-only JavaScript tools (ical.js checks the calendar files), pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

# The suite in parallel, then the timing-sensitive tests (marker `serial`) alone.
test: messages node_modules/.package-lock.json
	DJANGO_SETTINGS_MODULE=network_site.settings.test $(PY) -m pytest -n $(TEST_WORKERS) -m "not serial"
	DJANGO_SETTINGS_MODULE=network_site.settings.test $(PY) -m pytest -m serial

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Every msgid of every French catalogue is translated (no untranslated or fuzzy entry),
# and the catalogues hold exactly the strings the code uses (`manage.py catalogues --check`).
check-catalogue: install
	$(PY) manage.py catalogues --check
	@status=0; for po in $$(find . -path ./.venv -prune -o -name django.po -path '*/fr/*' -print); do \
		out=$$(msgfmt --check-format --statistics -o /dev/null $$po 2>&1); \
		echo "$$po: $$out"; \
		case "$$out" in *untranslated*|*fuzzy*|*error*) status=1;; esac; \
	done; exit $$status

clean:
	rm -rf $(VENV) node_modules db.sqlite3* test-db.sqlite3* staticfiles

# Refresh the French catalogues: one per app, plus the project's (templates/, settings).
catalogues: install
	$(PY) manage.py catalogues

# The benchmark (see README, "Benchmark"): its own database under bench/out/ (or
# BENCH_DATABASE_NAME on the server DATABASE_URL names), gunicorn on loopback.
# BENCH_QUICK=1 for a short run; BENCH_OUT sets the JSON path.
bench: messages
	$(PY) -m bench

# Screenshots of the public pages and the admin into docs/screenshots/ (a demo
# database of their own, served on loopback, Playwright driving the system Chromium).
screenshots: messages
	$(PY) -m bench.screenshots
