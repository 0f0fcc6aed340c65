# tropsage: `make demo` and `make test` work on a fresh machine (they create .venv).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.tropsage-installed
EXTRAS ?= all

.PHONY: demo test test-all bench docs install clean

install: $(STAMP)

# pycddlib builds against the system cddlib; without its headers there is no
# exact `cdd.gmp`, so install them through apt when they are missing.
$(STAMP): pyproject.toml
	@if [ ! -f /usr/include/cddlib/cdd.h ]; then \
	  echo "installing libcdd-dev (needed by pycddlib for cdd.gmp)"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libcdd-dev libgmp-dev; \
	fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[$(EXTRAS)]'
	@$(PY) -c "import cdd.gmp, ppl, sage.all__sagemath_polyhedra" \
	  || { echo "cdd.gmp/ppl/sage missing after install" >&2; exit 1; }
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

# README.md's demo output and docs/demo_output.txt, regenerated from the demo commands
.PHONY: readme
readme: $(STAMP)
	$(PY) docs/readme_demo.py
