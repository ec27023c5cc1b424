# factdesk: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The CPU build of torch that lies on this machine's disk; an unpinned torch pulls a CUDA build.
TORCH := torch==2.13.0
QUESTION ?= did the US buy Kazakh jets?
STANCE ?= hybrid

.PHONY: setup demo test lint bench bench-ingest bench-retrieval bench-stance eval train-stance clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(TORCH)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/factdesk ingest knowledge/sample_corpus/sources
	$(BIN)/factdesk ask "$(QUESTION)"

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

eval: setup
	$(BIN)/factdesk eval ../shared/eval/dev/questions.jsonl --corpus ../shared/eval/dev/corpus

bench: setup
	$(BIN)/python bench/engine.py

# The extra that bench/ingest_baseline.py's LangChain baseline needs, installed with the torch pin.
$(VENV)/.bench-installed: pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet $(TORCH) -e '.[bench]'
	touch $@

# Desk.ingest against RecursiveCharacterTextSplitter -> Chroma.from_documents with
# HuggingFaceEmbeddings, on the dev corpus + 844 FNC-1 articles (../shared/data), then cold `ask`.
bench-ingest: $(VENV)/.bench-installed
	$(BIN)/python bench/ingest_baseline.py --corpus ../shared/eval/dev/corpus --fnc1 844 --cold-start

bench-retrieval: setup
	$(BIN)/python bench/climate_fever_retrieval.py

# Stance models and verdicts on Climate-FEVER, FNC-1 and HealthVer (../shared/data); STANCE=hybrid|model|lexical.
bench-stance: setup
	$(BIN)/python bench/stance_benchmarks.py --stance $(STANCE)

# Retrain the shipped stance model from ../shared/data (about 40 minutes on 2 cores).
train-stance: setup
	$(BIN)/python -m knowledge.stance.training.train

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
