# tropsage: `make demo` and `make test` work on a fresh machine (they create .venv).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.tropsage-installed
EXTRAS ?= all

.PHONY: demo test test-all bench docs install clean

install: $(STAMP)

ENGINE := setup.py tropsage/regions/_engine.pyx tropsage/regions/_engine_core.hpp

# pycddlib builds against the system cddlib; without its headers there is no
# exact `cdd.gmp`, so install them through apt when they are missing. The compiled
# region engine (setup.py) needs g++ and the PPL/GMP headers the same way; if it
# cannot be built the install still succeeds and the exact Python path runs.
# `pip install -e .` builds it in place (setuptools' editable mode runs build_ext
# --inplace), so the module lands next to its sources.
$(STAMP): pyproject.toml $(ENGINE)
	@PKGS=""; \
	[ -f /usr/include/cddlib/cdd.h ] || PKGS="$$PKGS libcdd-dev libgmp-dev"; \
	[ -n "$$(ls /usr/include/ppl.hh /usr/include/*/ppl.hh 2>/dev/null)" ] || PKGS="$$PKGS libppl-dev libgmp-dev"; \
	command -v g++ >/dev/null 2>&1 || PKGS="$$PKGS g++"; \
	if [ -n "$$PKGS" ]; then \
	  echo "installing$$PKGS (cdd.gmp for pycddlib, PPL/GMP for the compiled region engine)"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$PKGS \
	    || echo "apt-get failed: the compiled region engine may be skipped" >&2; \
	fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[$(EXTRAS)]'
	@$(PY) -c "import cdd.gmp, ppl, sage.all__sagemath_polyhedra" \
	  || { echo "cdd.gmp/ppl/sage missing after install" >&2; exit 1; }
	@$(PY) -c "import tropsage.regions._engine" 2>/dev/null \
	  && echo "compiled region engine: built" \
	  || echo "compiled region engine: not built (the exact Python path runs)"
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/tropsage info examples/nets/demo_net.json --point 1/2,-1/3
	$(VENV)/bin/tropsage regions examples/nets/demo_net.json --domain -2,2

test: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

test-all: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	rm -f tropsage/regions/_engine.cpp tropsage/regions/_engine.*.so

# README.md's demo output and docs/demo_output.txt, regenerated from the demo commands
.PHONY: readme
readme: $(STAMP)
	$(PY) docs/readme_demo.py
