# The two commands of the README: `make site` and `make test`.
# Both set up .venv first, so they work on a fresh machine with Python 3.11, git and make.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve check clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

site: $(STAMP)
	$(BIN)/jixiao build

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/jixiao check

clean:
	rm -rf site .site-build-* .pytest_cache
