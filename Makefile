# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run    creates .venv if needed, installs planner, opens the window
#   make test   creates .venv if needed, installs planner with its dev tools, runs
#               ruff, mypy, the import contracts and the whole test suite headless
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# Qt's xcb platform plugin needs these on a bare Debian/Ubuntu (a desktop has them).
QT_DEBS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core

.PHONY: run test bench package clean debs mutation planted

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	@$(MAKE) --no-print-directory debs
	$(BIN)/planner

# Installs the system libraries Qt's window needs when they are missing and we are
# root; otherwise prints the one command that does. Never fails the build: the tests
# run on Qt's offscreen platform, which needs none of them.
debs:
	@missing=""; for p in $(QT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "planner: could not install$$missing (apt-get failed); the window may not open"; \
	  else echo "planner needs:$$missing -- run: sudo apt-get install$$missing"; fi; fi

test: $(STAMP)
	$(BIN)/ruff format --check planner tests bench docs
	$(BIN)/ruff check planner tests bench docs
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Mutation testing (slow, not part of make test): mutmut over each module that
# [tool.mutmut] only_mutate lists, one at a time under nice with one worker, then the
# score per module (killed/total). MODULES=planner.domain.grid limits it.
mutation: $(STAMP)
	$(BIN)/python tests/mutants/score.py --run $(MODULES)

# The seven analytics bugs of issue 12, planted one at a time in a scratch copy: each
# must make the analytics tests fail.
planted: $(STAMP)
	nice $(BIN)/python tests/mutants/planted.py

bench: $(STAMP)
	for b in bench/*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	bash packaging/build.sh

clean:
	rm -rf build dist .mypy_cache .pytest_cache .ruff_cache mutants
