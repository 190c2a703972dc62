# The two commands of the README: `make site` and `make test`.
# Both set up .venv first, so they work on a fresh machine with Python 3.11, git and make.
# python3.11 where it is installed under that name, else python3 (which must then be 3.11).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve check clean browser-deps

# axe-core for the accessibility tests in tests/browser (pinned by its package-lock.json, not committed).
AXE := tests/browser/node/node_modules/axe-core/axe.min.js

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

site: $(STAMP)
	$(BIN)/jixiao build

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

# Without npm the browser tests skip with the reason (CI sets JIXIAO_REQUIRE_BROWSER=1 and fails instead).
browser-deps:
	@if [ -f $(AXE) ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser/node --no-audit --no-fund --loglevel=error; \
	else echo "没有 npm：跳过安装 axe-core，无障碍测试将跳过。"; fi

# Material prints a banner about MkDocs 2 on every start; it means nothing to a publisher here.
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/jixiao check

clean:
	rm -rf site .site-build-* .site-old-* .site-spare .pytest_cache .jixiao-cache
