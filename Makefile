# `make run`: build what is missing and serve the dashboard; `make test`: the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WIMI := $(BIN)/wimi
DATA_DIR := $(or $(WIMI_DATA_DIR),data)
PORT ?= 8501

.PHONY: run test bench install install-dev clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@$(WIMI) fetch-cbs --if-missing || echo "Verder met de CBS-gegevens die er al zijn."
	@if [ ! -f "$(DATA_DIR)/demo/.complete" ]; then $(WIMI) demo; fi
	@if [ ! -f "$(DATA_DIR)/landing.duckdb" ]; then $(WIMI) load --demo; fi
	@if [ ! -f "$(DATA_DIR)/warehouse.duckdb" ]; then $(WIMI) build; fi
	@if [ -z "$$WIMI_AUTH" ] || [ "$$WIMI_AUTH" = lokaal ]; then $(WIMI) gebruiker demo; fi
	$(WIMI) serve --port $(PORT)

test: install-dev
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder

bench: install-dev
	$(BIN)/python bench/run.py && $(BIN)/python bench/forecast_bench.py

clean:
	rm -rf $(DATA_DIR)/demo $(DATA_DIR)/*.duckdb $(DATA_DIR)/*.duckdb.wal
