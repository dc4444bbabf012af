# Customer-experience courseware. `make book` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT_BOOK ?= 8000
PORT_VOILA ?= 8866
STAMP := $(VENV)/.installed

export JUPYTER_PATH := $(CURDIR)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv install book build-book serve-book dashboards lab test test-fast bench clean lint

help:
	@echo "make book        set up, build the book (warnings are errors) and serve it on http://127.0.0.1:$(PORT_BOOK)"
	@echo "make test        run every test (unit, notebooks, book build, browser, Voila)"
	@echo "make dashboards  serve the Voila apps on http://127.0.0.1:$(PORT_VOILA)"
	@echo "make lab         open the chapters live in JupyterLab"
	@echo "make bench       run the benchmarks and record benchmarks/RESULTS*.md"
	@echo "make clean       remove build outputs (keeps .venv and node_modules)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml package.json | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	npm install --no-audit --no-fund --silent
	touch $(STAMP)

venv install: $(STAMP)

build-book: $(STAMP)
	$(BIN)/python -m widgets.bookgen
	$(BIN)/python -m widgets.book_execute
	$(BIN)/jupyter-book build . --warningiserror --keep-going

book: build-book
	@echo ""
	@echo "The book is at http://127.0.0.1:$(PORT_BOOK)/ (press Ctrl-C to stop the server)."
	$(BIN)/python -m http.server $(PORT_BOOK) --bind 127.0.0.1 --directory _build/html

dashboards: $(STAMP)
	@echo "Voila apps at http://127.0.0.1:$(PORT_VOILA)/ (press Ctrl-C to stop)."
	$(BIN)/voila dashboards/ --port=$(PORT_VOILA) --Voila.ip=127.0.0.1 --no-browser --Voila.config_file_paths=$(CURDIR)/config/voila

lab: $(STAMP)
	$(BIN)/jupyter lab --config=$(CURDIR)/config/jupyter/jupyter_lab_config.json

test: build-book
	$(BIN)/ruff check widgets tests benchmarks
	$(BIN)/python -m pytest --nbval-lax tests dashboards $(wildcard chapters)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not voila and not book"

lint: $(STAMP)
	$(BIN)/ruff check widgets tests benchmarks

bench: build-book
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/quiz.py
	$(BIN)/python benchmarks/metrics.py --rows 1000000 --repeats 7
	$(BIN)/python benchmarks/journey.py
	$(BIN)/python benchmarks/progress.py

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
