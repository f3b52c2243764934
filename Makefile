# Two commands: `make up` runs the pipeline on its embedded defaults, `make test` runs the
# suite. Both create .venv from the pinned requirements.txt when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv sysdeps up down status test test-unit lint format bench clean

help:
	@echo "make up      start the local stack (PostgreSQL, S3+SQS, Airflow); Ctrl-C stops it"
	@echo "make down    stop every process of the local stack"
	@echo "make status  report each component"
	@echo "make test    run the whole test suite"
	@echo "make lint    ruff (with Airflow AIR rules) and mypy"
	@echo "make bench   run the benchmark, write bench/results.json"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.txt
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

up: venv
	$(VENV)/bin/pata up

down: venv
	$(VENV)/bin/pata down

status: venv
	$(VENV)/bin/pata status

# The report tests open the quarterly report and the Khmer and Thai feedback reports in a
# real headless Chromium (Debian package), with Debian's Khmer, Thai and Noto fonts.
BROWSER_PACKAGES := chromium fonts-khmeros fonts-thai-tlwg fonts-noto-core
sysdeps:
	@command -v chromium >/dev/null 2>&1 && dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || { \
	  echo "installing Debian chromium and fonts for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; }

test: venv sysdeps
	$(VENV)/bin/pytest

test-unit: venv
	$(VENV)/bin/pytest tests/unit

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv
	$(VENV)/bin/python -m pata.bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
