# Each target creates .venv on first use and installs what it needs: a fresh machine with
# Python 3.10+ is enough.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench clean

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,oracle,demo]'
	touch $@

demo: $(VENV)/installed
	$(PY) -m tools.demo

test: $(VENV)/installed
	$(PY) -m pytest

bench: $(VENV)/installed
	$(PY) -m tools.bench

clean:
	rm -rf $(VENV) build *.egg-info
