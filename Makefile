# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run      creates .venv if needed, installs planner (not the dev tools), opens the window
#   make test     creates .venv if needed, installs planner with its dev tools, runs
#                 ruff, mypy, the import contracts and the whole test suite headless
#   make install  installs planner for this user: its own venv under $(PREFIX)/share/planner
#                 and the `planner` command in $(PREFIX)/bin (default ~/.local/bin)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# One stamp per install: planner alone (make run) or with the dev tools (make test).
RUN_STAMP := $(VENV)/.installed-run-$(SUM)
DEV_STAMP := $(VENV)/.installed-dev-$(SUM)
PREFIX ?= $(HOME)/.local
INSTALL_VENV ?= $(PREFIX)/share/planner/venv
BINDIR ?= $(PREFIX)/bin
APPDIR ?= $(PREFIX)/share/applications
ICONDIR ?= $(PREFIX)/share/icons/hicolor
# Qt's xcb platform plugin needs these on a bare Debian/Ubuntu (a desktop has them).
QT_DEBS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core

.PHONY: run test bench package clean debs install uninstall mutation planted

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-run-* $(VENV)/.installed-[0-9]*
	touch $(RUN_STAMP)

# The dev tools include planner itself, so this install stands for make run's too.
$(DEV_STAMP): | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(DEV_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	@$(MAKE) --no-print-directory debs
	@echo "planner: to type 'planner' in any shell, run 'make install' (or: . $(BIN)/activate)"
	$(BIN)/planner

# A user install, like pipx: a venv of its own (not the checkout's .venv, which make
# clean or a git clean may remove), the command linked into $(BINDIR), the desktop
# entry and icons for the applications menu. make uninstall removes all of it.
install:
	@if [ -e $(INSTALL_VENV) ] && [ ! -f $(INSTALL_VENV)/pyvenv.cfg ]; then \
	  echo "$(INSTALL_VENV) exists and is not a venv; not touching it" >&2; exit 1; fi
	rm -rf $(INSTALL_VENV)
	$(PYTHON) -m venv $(INSTALL_VENV)
	$(INSTALL_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(INSTALL_VENV)/bin/python -m pip install --quiet .
	# planner.resources finds resources/ beside the package (the demo event, icons)
	site=$$($(INSTALL_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') \
		&& rm -rf "$$site/resources" && cp -r resources "$$site/resources"
	mkdir -p $(BINDIR) $(APPDIR) $(ICONDIR)
	ln -sf $(INSTALL_VENV)/bin/planner $(BINDIR)/planner
	sed 's|^Exec=planner|Exec=$(BINDIR)/planner|; s|^TryExec=planner|TryExec=$(BINDIR)/planner|' \
		resources/planner.desktop > $(APPDIR)/planner.desktop
	cp -r resources/icons/hicolor/. $(ICONDIR)/
	@$(BINDIR)/planner --version
	@case ":$$PATH:" in *":$(BINDIR):"*) echo "installed: type 'planner' to start it";; \
	  *) echo "installed as $(BINDIR)/planner; $(BINDIR) is not on your PATH: add" \
	       "'export PATH=\"$(BINDIR):\$$PATH\"' to ~/.profile and log in again";; esac

uninstall:
	if [ -f $(INSTALL_VENV)/pyvenv.cfg ]; then rm -rf $(INSTALL_VENV); fi
	rm -f $(BINDIR)/planner $(APPDIR)/planner.desktop
	find $(ICONDIR) -name 'planner.png' -path '*/apps/*' -delete 2>/dev/null || true
	rm -f $(ICONDIR)/scalable/apps/planner.svg

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

test: $(DEV_STAMP)
	$(BIN)/ruff format --check planner tests bench docs
	$(BIN)/ruff check planner tests bench docs
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Mutation testing (slow, not part of make test): mutmut over each module that
# [tool.mutmut] only_mutate lists, one at a time under nice with one worker, then the
# score per module (killed/total). MODULES=planner.domain.grid limits it.
mutation: $(DEV_STAMP)
	$(BIN)/python tests/mutants/score.py --run $(MODULES)

# The seven analytics bugs of issue 12, planted one at a time in a scratch copy: each
# must make the analytics tests fail.
planted: $(DEV_STAMP)
	nice $(BIN)/python tests/mutants/planted.py

bench: $(DEV_STAMP)
	for b in bench/*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

package: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	bash packaging/build.sh

clean:
	rm -rf build dist .mypy_cache .pytest_cache .ruff_cache mutants
