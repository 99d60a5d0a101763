# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install install-test translations bench browsers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
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

test: install-test translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test translations
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
