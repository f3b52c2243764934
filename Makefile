# Two commands: `make up` runs the pipeline on its embedded defaults, `make test` runs the
# suite. Both create .venv from the pinned requirements.txt when it is missing or stale.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv sysdeps up down status test test-unit test-dates ci lint format bench clean

help:
	@echo "make up      start the local stack (PostgreSQL, S3+SQS, Airflow); Ctrl-C stops it"
	@echo "make down    stop every process of the local stack"
	@echo "make status  report each component"
	@echo "make test    run the whole test suite"
	@echo "make test-dates  the date-sensitive tests on other days and time zones"
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

# The suite runs on a frozen day (PATA_NOW in tests/conftest.py). These runs prove the
# date-sensitive tests hold on other days: a month's first and last day, a 29 February just
# before midnight, a quarter's first day, each under a different time zone of the machine.
DATE_SENSITIVE := tests/unit/test_clock.py tests/unit/synth tests/unit/validation \
  tests/unit/test_periods.py tests/unit/test_deadlines.py tests/unit/test_alerts.py \
  tests/unit/report tests/unit/feedback tests/unit/indicators tests/unit/test_dhis2.py
TEST_DATES := 2027-03-01T00:05:00+00:00@Pacific/Kiritimati 2027-01-31T23:55:00+00:00@America/Adak \
  2028-02-29T23:30:00+00:00@Asia/Kathmandu 2027-10-01T00:00:00+00:00@UTC
test-dates: venv
	@set -e; for spec in $(TEST_DATES); do \
	  echo "== PATA_NOW=$${spec%@*} TZ=$${spec#*@}"; \
	  PATA_NOW=$${spec%@*} TZ=$${spec#*@} $(VENV)/bin/pytest -q -p no:cacheprovider $(DATE_SENSITIVE); \
	done

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
