# Customer-experience courseware. `make book` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT_BOOK ?= 8000
PORT_VOILA ?= 8866
PORT_HUB ?= 8000
HUB_ADMIN ?= tutor
HUB_STATE ?= $(HOME)/.local/state/cx-hub
STAMP := $(VENV)/.installed
HUB_STAMP := $(VENV)/.hub-installed
HUB := deploy/jupyterhub

export JUPYTER_PATH := $(CURDIR)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv install hub-install book build-book serve-book dashboards lab hub test test-fast bench clean lint

help:
	@echo "make book        set up, build the book (warnings are errors) and serve it on http://127.0.0.1:$(PORT_BOOK)"
	@echo "make test        run every test (unit, notebooks, book build, browser, Voila)"
	@echo "make dashboards  serve the Voila apps on http://127.0.0.1:$(PORT_VOILA)"
	@echo "make lab         open the chapters live in JupyterLab"
	@echo "make hub         a trial JupyterHub for a whole centre on http://127.0.0.1:$(PORT_HUB) (deploy/README.md)"
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

# JupyterHub, its authenticator and culler (pinned apart from the course) and its proxy from npm.
$(HUB_STAMP): $(HUB)/requirements.txt $(HUB)/package.json $(HUB)/package-lock.json $(STAMP)
	$(BIN)/pip install --quiet -r $(HUB)/requirements.txt
	cd $(HUB) && npm ci --no-audit --no-fund --silent
	touch $(HUB_STAMP)

hub-install: $(HUB_STAMP)

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

hub: $(HUB_STAMP)
	@echo ""
	@echo "JupyterHub trial at http://127.0.0.1:$(PORT_HUB)/ (Ctrl-C stops it and every learner's server)."
	@echo "First account: open http://127.0.0.1:$(PORT_HUB)/hub/signup and sign up as '$(HUB_ADMIN)' with a"
	@echo "password of your own; that account is the admin and a tutor. Learners sign up the same way and"
	@echo "you approve them at http://127.0.0.1:$(PORT_HUB)/hub/authorize. State: $(HUB_STATE)"
	@echo ""
	CX_HUB_STATE_DIR="$(HUB_STATE)" CX_HUB_ADMIN="$(HUB_ADMIN)" CX_HUB_TUTORS="$(HUB_ADMIN)" \
	  CX_HUB_PORT=$(PORT_HUB) CX_HUB_SINGLEUSER_PYTHON="$$($(BIN)/python $(HUB)/learner_python.py $(CURDIR)/.venv-learners)" \
	  $(BIN)/jupyterhub --config=$(CURDIR)/$(HUB)/jupyterhub_config.py

test: build-book $(HUB_STAMP)
	$(BIN)/ruff check widgets tests benchmarks
	$(BIN)/python -m pytest --nbval-lax tests dashboards $(wildcard chapters)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not voila and not book and not hub"

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
