# Two commands do everything: `make demo` (set up, then check the demo article offline)
# and `make test` (set up, then run the test suite). Both set up the virtualenv first.
VENV ?= .venv
PYTHON ?= python3
# CPU-only torch must be installed before anything that depends on torch.
TORCH ?= torch==2.13.0
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
LOCAL_LLM_STAMP = $(VENV)/.local-llm
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

# The tests also run the LLM verifier against a real local model: llama-cpp-python builds
# from source (10-20 minutes on 2 cores). If it cannot be built, that one test skips.
# It is built for any x86-64 CPU with AVX2, not for this one alone: a native build uses AMX
# tiles where the CPU has them, and a virtual machine that does not grant their state kills
# it with a general-protection fault on the first token (seen on Xeon machines here).
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(LOCAL_LLM_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=2 \
		$(BIN)/python -m pip install --quiet --no-cache-dir -e '.[dev,local-llm]' \
		|| echo "the local-llm extra could not be installed; its test will skip" >&2
	touch $(LOCAL_LLM_STAMP)

demo: setup
	$(BIN)/factcheck check examples/demo-article.zh-Hant.txt --evidence evidence/demo --format md

test: setup $(LOCAL_LLM_STAMP)
	OMP_WAIT_POLICY=PASSIVE $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check factcheck tests
