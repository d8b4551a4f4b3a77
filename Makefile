# Two commands do everything: `make demo` (set up, then check the demo article offline)
# and `make test` (set up, then run the test suite). Both set up the virtualenv first.
VENV ?= .venv
PYTHON ?= python3
# CPU-only torch must be installed before anything that depends on torch.
TORCH ?= torch==2.13.0
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
export HF_HUB_OFFLINE = 1
export TRANSFORMERS_OFFLINE = 1
export ANONYMIZED_TELEMETRY = False

.PHONY: setup demo test lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/factcheck check examples/demo-article.zh-Hant.txt --evidence evidence/demo --format md

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check factcheck tests
