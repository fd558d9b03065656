PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/budgetkg demo --out demo-output

test: $(STAMP)
	sh tests/servers/setup.sh
	$(BIN)/ruff check budgetkg tests bench tools
	$(BIN)/mypy
	$(BIN)/python tools/ontology_docs.py --check
	$(BIN)/python tools/gen_context.py --check
	$(BIN)/pytest -q -n auto --maxprocesses=4 --dist loadfile

bench: $(STAMP)
	$(BIN)/python bench/build_and_query.py
	$(BIN)/python bench/formats.py
	$(BIN)/python bench/coverage.py
	$(BIN)/python bench/fuzz.py
	$(BIN)/python bench/crash.py
	$(BIN)/python bench/findings.py
	$(BIN)/python bench/validate_corpus.py --documents 320
	$(BIN)/python bench/queries_corpus.py --documents 100 --repeats 5 --baseline-documents 20 --baseline-budget 20
	$(BIN)/python bench/incremental.py 300
	$(BIN)/python bench/listings.py --documents 100 --repeats 5
	$(BIN)/python bench/serve_load.py --clients 50 --seconds 60
	$(BIN)/python bench/virtuoso.py --documents 1000 --repeats 3

docs: $(STAMP)
	$(BIN)/python tools/ontology_docs.py
	$(BIN)/python tools/gen_context.py

clean:
	rm -rf $(VENV) demo-output kg
