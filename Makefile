# The README's two commands: `make run` (set up and run) and `make test`.
# Offline, point LABORLENS_DATA_MIRROR at a folder laid out like shared/data:
#   LABORLENS_DATA_MIRROR=../shared/data make run

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup data run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

## Fetch (or copy from LABORLENS_DATA_MIRROR) and load the reference data, then build the coding
## model; each step does nothing when it is already current.
data: setup
	$(BIN)/laborlens data fetch
	$(BIN)/laborlens model build --if-stale

## Set up from a fresh clone, load the data, build the models, and serve the app at http://127.0.0.1:8000
run: data
	$(BIN)/laborlens data status
	$(BIN)/laborlens serve --host 127.0.0.1 --port 8000

## Run the test suite (SQLite always; PostgreSQL when a server answers, see README).
test: data
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench

bench: data
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_coder.py
	$(BIN)/python bench/bench_ablation.py
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
