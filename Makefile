# The two commands that stay true forever: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench bench-schedule bench-match bench-agendas bench-planning bench-readiness bench-reporting bench-imports bench-load install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/sme2go demo --port $(PORT)

# The suite runs on SQLite; when DATABASE_URL names a PostgreSQL server it runs again there
# (the engine tests touch no database, so they run once).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	env -u DATABASE_URL $(BIN)/sme2go makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/python -m pytest --ignore=tests/scheduling --ignore=tests/matching $(PYTEST_ARGS); \
	fi

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: bench-schedule bench-match bench-agendas bench-planning bench-readiness bench-reporting bench-imports

bench-schedule: $(STAMP)
	$(BIN)/sme2go schedule bench --variants all

bench-match: $(STAMP)
	$(BIN)/sme2go match bench

bench-agendas: $(STAMP)
	$(BIN)/python -m sme2go.agendas.bench

bench-planning: $(STAMP)
	$(BIN)/python -m sme2go.planning.bench

bench-reporting: $(STAMP)
	$(BIN)/python -m sme2go.reporting.bench

bench-readiness: $(STAMP)
	$(BIN)/python -m sme2go.readiness.bench

bench-imports: $(STAMP)
	$(BIN)/python -m sme2go.imports.bench

# Not part of `make bench`: it runs 5 minutes. Installs the `bench` extra (Locust) first.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench-load: $(BENCH_STAMP)
	$(BIN)/python bench/load/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
