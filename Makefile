# Every target bootstraps .venv itself: a fresh clone needs only `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CODE   := $(wildcard src tests benchmarks examples)

.PHONY: install demo test lint typecheck pytest postgres bench clean models

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	bash examples/run-demo

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

typecheck: $(STAMP)
	$(BIN)/mypy

postgres:
	bash scripts/postgres-test-server

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck postgres pytest

bench: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

models: $(STAMP)
	$(BIN)/python scripts/build_conversation_model.py

clean:
	rm -rf $(VENV) examples/demo-workspace .pytest_cache .mypy_cache .ruff_cache
