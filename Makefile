# kg: two commands for a new user — `make run` and `make test`.
# Every target bootstraps .venv by itself, with a Python 3.12+ it finds on its own.

SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
KG    := $(VENV)/bin/kg

# Find a Python >= 3.12 that really runs (pyenv shims on PATH may exist but fail).
PYTHON_CANDIDATES := $(KG_PYTHON) python3.13 python3.12 python3 \
	$(wildcard $(shell pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) \
	$(wildcard /usr/local/bin/python3.1[2-9]) $(wildcard /usr/bin/python3.1[2-9])
FIND_PYTHON = for c in $(PYTHON_CANDIDATES); do \
	  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo "$$c"; break; fi; \
	done

.PHONY: run test bench lint clean help

help:
	@echo "make run    set up .venv and build the graph of examples/ into exports/"
	@echo "make test   set up .venv with dev extras and run the whole test suite"
	@echo "make bench  measure every stage on a synthetic corpus (BENCH_SIZE=1MB|10MB|100MB, default 10MB;"
	@echo "            BENCH_COUNTY=N articles about one county, default 20000, 0 to skip)"

$(VENV)/.installed: pyproject.toml
	@py="$$($(FIND_PYTHON))"; \
	if [ -z "$$py" ]; then \
	  echo "Error: kg needs Python 3.12 or newer and none was found." >&2; \
	  echo "Install one (e.g. 'apt-get install python3.12', 'pyenv install 3.12', or from python.org)," >&2; \
	  echo "or point KG_PYTHON at it: make run KG_PYTHON=/path/to/python3.12" >&2; \
	  exit 1; \
	fi; \
	echo "Using $$py ($$("$$py" --version))"; \
	[ -x $(PY) ] || "$$py" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# Test tools outside Python (Neo4j's Cypher linter from npm, Debian's chromium): one script
# each in tools/setup/, run once and again whenever a script changes.
SETUP_SCRIPTS := $(sort $(wildcard tools/setup/*.sh))
$(VENV)/.tools: $(VENV)/.installed $(SETUP_SCRIPTS)
	@for s in $(SETUP_SCRIPTS); do echo "setup: $$s"; VENV=$(VENV) bash "$$s" || exit 1; done
	@touch $@

run: $(VENV)/.installed
	$(KG) build examples/ -o exports/

test: $(VENV)/.installed $(VENV)/.tools
	$(PY) -m pytest

BENCH_SIZE ?= 10MB
BENCH_COUNTY ?= 20000
bench: $(VENV)/.installed
	$(PY) bench/run.py --size $(BENCH_SIZE) --county $(BENCH_COUNTY)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check kg tests

clean:
	rm -rf $(VENV) build *.egg-info
