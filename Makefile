# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
# make test runs the tests in parallel, one worker per core (TEST_JOBS=0 runs them in one process).
TEST_JOBS ?= auto

.PHONY: run test lint install install-test translations bench browsers clean constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Installs are pinned: pyproject.toml gives the compatible ranges, constraints.txt the exact versions
# tested together (`make constraints` writes it again from the venv after a dependency changes).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations: $(VENV)/.installed
	$(BIN)/flask --app eventapp translations compile

# One worker delivers the queued e-mail beside the web server (the queue is a SQLite file in
# instance/: nothing else to install); Ctrl-C stops both.
run: install translations
	$(BIN)/flask --app eventapp db upgrade
	$(BIN)/flask --app eventapp bootstrap
	$(BIN)/flask --app eventapp worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask --app eventapp run --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint install-test translations
	$(BIN)/python -m pytest -n $(TEST_JOBS) $(PYTEST_ARGS)

bench: install-test translations
	$(BIN)/python bench/run_all.py

constraints: install-test
	$(BIN)/pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info
