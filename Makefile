# Lakou — every operation a person needs, on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
LAKOU := $(VENV)/bin/lakou
PORT ?= 8000
# Every link Lakou writes (e-mails, posters, certificates, short links) points at the served address.
export SITE_URL ?= http://127.0.0.1:$(PORT)
PYTHON ?= python
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install demo serve test test-postgres check bench chromium clean

help:
	@echo "make demo   — installe, prépare une base de démonstration et lance Lakou sur http://127.0.0.1:$(PORT)"
	@echo "make test   — installe ce qu'il faut aux tests et lance toute la suite"
	@echo "make test-postgres — la suite (hors navigateur) contre PostgreSQL ($(POSTGRES_URL))"
	@echo "make check  — ruff, mypy, contrats d'architecture, migrations manquantes"
	@echo "make bench  — mesures de vitesse et de volume"

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "Lakou demande Python 3.13 (voir .python-version)")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# System packages for the tests: Chromium (end-to-end), Pango (PDF), poppler (reading PDFs back).
chromium:
	@missing=""; test -x $(CHROMIUM) || missing="$$missing chromium"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpangoft2-1.0-0"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then echo "Installation des paquets Debian :$$missing"; \
		apt-get update -q && apt-get install -y -q $$missing; fi

demo: install
	mkdir -p var
	$(LAKOU) migrate --no-input
	$(LAKOU) createcachetable
	$(LAKOU) load-reference
	$(LAKOU) seed-demo --scale demo
	$(MAKE) --no-print-directory serve

serve:
	$(LAKOU) demo-logins
	@echo "Lakou démarre sur http://127.0.0.1:$(PORT) (Ctrl+C pour arrêter)."
	$(LAKOU) serve --port $(PORT)

# One worker per core (pytest-xdist): each has its own test database, Chromium and live server.
TEST_WORKERS ?= auto
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/lakou

test: install chromium
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

# The suite against PostgreSQL, browser tests aside: what the browser sees does not depend on the
# database, and what does (search, locks, concurrency) is tested below the browser on both. The
# schemathesis fuzzing is left to the SQLite pass too: what the API does with the database's own
# limits (U+0000, lengths, locks) has its own tests, which run here.
test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup \
		-m "not e2e and not schemathesis and not one_database"

check: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports
	$(LAKOU) makemigrations --check --dry-run

bench: install
	BENCH_POSTGRES_URL=$${BENCH_POSTGRES_URL-postgres://postgres@127.0.0.1:5432/lakou_bench} $(PY) -m bench

clean:
	rm -rf var/lakou.sqlite3* .pytest_cache .mypy_cache
