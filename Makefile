# Voordeurcheck: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT ?= 8501

.PHONY: run test test-fast e2e deploy-test load clicks static-link install db benchmark screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	touch $@

install: $(STAMP)

db: install
	$(BIN)/readiness init-db
	$(BIN)/readiness seed-demo --if-empty

## Start the app on the embedded SQLite database with demo data, print its address and open it
## in the browser where one can be shown (BROWSER=none: do not open it)
run: db
	$(BIN)/python -m readiness.cli.open_browser http://127.0.0.1:$(PORT) &
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

## Run the whole test suite (unit, integration on SQLite + PostgreSQL, app, browser)
test: install node_modules/axe-core/axe.min.js
	$(BIN)/pytest -n 2 --dist loadgroup

## Everything but the browser tests
test-fast: install
	$(BIN)/pytest -n 2 -m "not e2e"

e2e: install node_modules/axe-core/axe.min.js
	$(BIN)/pytest -m e2e

## The shared installation of deploy/ (PostgreSQL, two app processes, nginx, backup/restore); also part of `make test`
deploy-test: install
	$(BIN)/pytest -m deploy

benchmark: install
	$(BIN)/python -m benchmarks.run

## 50 and 200 respondents answering at once through nginx (loopback only; stops by itself, at most 25 min)
load: install
	$(BIN)/python -m benchmarks.load --sessions 50 200

## The screenshots of the user guides (docs/handleiding/img/), from the demo data in headless Chromium
screenshots: install
	$(BIN)/python -m tools.screenshots

## Server CPU per answer click, one respondent at a time (about a minute)
clicks: install
	$(BIN)/python -m benchmarks.clicks

## The link nginx serves Streamlit's static files from (deploy/nginx); after every install or upgrade, as root
STATIC_LINK ?= /opt/voordeurcheck/streamlit-static
static-link: install
	ln -sfn "$$($(BIN)/python -c 'import pathlib, streamlit; print(pathlib.Path(streamlit.__file__).parent / "static")')" $(STATIC_LINK)

clean:
	rm -rf $(VENV) node_modules .pytest_cache
