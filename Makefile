# IOC — two commands on a fresh machine:
#   make demo   installs everything and runs the live synthetic province on http://127.0.0.1:8000
#   make test   installs everything, lints, and runs the whole test suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# The suite in parallel (one database file or schema per worker); a 2-core CI machine gets two workers.
PYTEST_ARGS ?= -q -n auto --maxprocesses=4

.PHONY: install demo lint test test-sqlite test-postgres services assets chromium bench clean

install: $(VENV)/.installed node_modules/.installed chromium assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed $(VENV)/.installed
	$(PY) -m ioc.web.assets node_modules

# Browser tests drive Debian's Chromium (a test tool's own browser download is not used).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq chromium >/dev/null; }

services:
	@bash scripts/services.sh

demo: install
	$(VENV)/bin/ioc demo

test: install services lint test-sqlite test-postgres

# ruff (style and bugs), import-linter (the rules between domains, docs/developing.md), and every
# browser module parsed by Node (a syntax error stops every page that imports it).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports
	@for f in $$(find src/ioc -path '*/static/vendor' -prune -o -name '*.js' -print); do node --input-type=module --check < "$$f" || { echo "syntax error in $$f"; exit 1; }; done

test-sqlite:
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	$(PY) -m pytest $(PYTEST_ARGS) --db=postgres

bench: install services
	@command -v wrk >/dev/null 2>&1 || { $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq wrk >/dev/null; }
	@for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

federation-demo: install  ## one national (port 8100) and two province deployments (8101 Đà Nẵng, 8102 Hà Nội)
	$(PY) scripts/federation_demo.py

clean:
	rm -rf $(VENV) node_modules src/ioc/web/static/vendor var test-artifacts
