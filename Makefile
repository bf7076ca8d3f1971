# Two commands do all the set-up on a fresh machine:
#   make demo   create .venv, install, run the demo on the embedded default store
#   make test   create .venv, install, run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup test-setup demo test bench bench-quick fuzz fuzz-atheris wheel clean system-deps

# pyproject.toml gives version ranges; constraints.txt the exact versions CI tests with.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Debian packages the product uses outside Python: graphviz's `dot` for pictures, and a Java 17
# runtime for the spark engine (PySpark starts a JVM).
system-deps:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "installing graphviz (dot) with apt-get"; \
	  (apt-get update -qq && apt-get install -y -qq --no-install-recommends graphviz >/dev/null) \
	  || echo "warning: could not install graphviz; 'reasoner graph' needs it"; }
	@java -version 2>&1 | grep -q 'version "\(1[7-9]\|2[0-9]\)' || { \
	  echo "installing Java 17 (openjdk-17-jre-headless) with apt-get"; \
	  (apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	    openjdk-17-jre-headless >/dev/null) \
	  || echo "warning: could not install Java 17; the spark engine needs it"; }

# SPARQL servers for the remote-store tests: Virtuoso (Debian) and the Oxigraph server (PyPI).
$(VENV)/.servers-stamp: $(STAMP) scripts/servers.sh
	scripts/servers.sh install
	touch $@

setup: $(STAMP) system-deps

test-setup: setup $(VENV)/.servers-stamp

demo: setup
	$(BIN)/reasoner demo

test: test-setup
	$(BIN)/python -m pytest

# One JSON object per (stage, engine, size) on stdout; see bench/README.md.
bench: setup
	$(BIN)/python -m bench.run

bench-quick: setup
	$(BIN)/python -m bench.run --quick

# Hostile input: 100,000 generated inputs per parser, then the long data-safety round trip.
fuzz: setup
	$(BIN)/python -m tests.fuzz.run --count 100000 --jobs 2
	REASONER_LONG_TESTS=1 $(BIN)/python -m pytest -q tests/security/test_data_safety.py

fuzz-atheris: setup
	$(BIN)/python -m pip install --quiet 'atheris==2.3.0'
	$(BIN)/python tests/fuzz/atheris_fuzz.py rules -runs=100000
	$(BIN)/python tests/fuzz/atheris_fuzz.py sparql_guard -runs=100000

wheel: setup
	$(BIN)/python -m pip wheel --no-deps --quiet -w dist .

clean:
	rm -rf $(VENV) dist build .pytest_cache .hypothesis .reasoner
