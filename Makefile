# Each target creates .venv on first use and installs what it needs, and only that: a fresh machine
# with Python 3.10+ is enough. The demo needs a few plotting and drawing packages, not PyTorch;
# the tests add pytest and friends and PyTorch (their second oracle), and run ruff (rules F, B, C901)
# first; the benchmarks add PyTorch.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check -e

.PHONY: demo test lint bench notebooks clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/demo-installed: pyproject.toml | $(PY)
	$(INSTALL) '.[demo]'
	touch $@

$(VENV)/test-installed: pyproject.toml | $(PY)
	$(INSTALL) '.[test,oracle]'
	touch $@

$(VENV)/bench-installed: pyproject.toml | $(PY)
	$(INSTALL) '.[oracle]'
	touch $@

demo: $(VENV)/demo-installed
	$(PY) -m tools.demo

lint: $(VENV)/test-installed
	$(PY) -m ruff check autograd nn optim tools glassgrad tests

# The notebooks take most of the suite's time: two or more workers (one per core, at most four) run them side by side.
test: lint
	$(PY) -m pytest -n auto --maxprocesses 4

notebooks: $(VENV)/test-installed
	$(PY) -m tools.notebooks

bench: $(VENV)/bench-installed
	$(PY) -m tools.bench

clean:
	rm -rf $(VENV) build *.egg-info
