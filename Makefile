# Accord: `make run` brings the app up with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint format migrate seed worker beat clean-var

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(PY) scripts/messages.py compile
	$(PY) manage.py migrate --noinput
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py seed_demo
	PORT=$(PORT) $(PY) scripts/run_dev.py

# Test tools from the npm registry (axe-core for tests/accessibility), at the versions in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: $(VENV)/.dev-installed node_modules/.package-lock.json
	$(PY) scripts/messages.py compile
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput

seed: migrate
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py seed_demo
