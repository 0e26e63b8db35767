# newsbot: the targets a newcomer can guess. Everything runs from the project's own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint bench fixtures-update sites-doc clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the bundled RT Arabic demo mirror on 127.0.0.1, crawl it with `scrapy crawl rt_arabic`, summarise.
demo: install
	$(BIN)/python -m newsbot.demo run

## The whole offline test suite (unit, fixture, doctest, property and crawl tests), then lint.
test: install
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory lint

lint: install
	$(BIN)/ruff check newsbot tests bench
	$(BIN)/ruff format --check newsbot tests bench
	$(BIN)/mypy

BENCH_STAMP := $(VENV)/.bench-installed-stamp

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

## Every benchmark in bench/ in turn (under 10 minutes on 2 cores); results in bench/results.md.
bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py

## Rewrite every fixture's expected.json from the current code and print the diff for review.
fixtures-update: install
	$(BIN)/python -m tests.fixturelib update

## Rewrite docs/sites.md from the site registry.
sites-doc: install
	$(BIN)/python -m tests.support.sites_doc

clean:
	rm -rf data bench/out .mypy_cache .ruff_cache
