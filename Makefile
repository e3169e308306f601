# Two commands do everything: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test lint fmt bench sim clean catalogs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $(BENCH_STAMP)

run: $(STAMP)
	$(BIN)/recordbot run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract the texts people read, merge them into each language's catalog, compile the .mo
# (docs/i18n.md). New texts must then be translated in bot/locale/zh_Hans and zh_Hant.
catalogs: $(STAMP)
	$(BIN)/python tools/catalogs.py

sim: $(STAMP)
	$(BIN)/recordbot sim

bench: $(BENCH_STAMP)
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/corpus.py
	$(BIN)/python bench/flow.py
	$(BIN)/python bench/scheduler.py
	$(BIN)/python bench/series.py
	$(BIN)/python bench/vs_dateparser.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
