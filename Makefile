# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test setup install system-packages data clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

system-packages:
	scripts/install-system-packages

setup: install system-packages
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py createcachetable --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_classifiers
	$(PY) manage.py load_feedback_topics
	$(PY) manage.py load_starter_content
	$(PY) manage.py load_demo_data

run: setup
	scripts/run-portal

test: install system-packages
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) -m pytest

clean:
	rm -rf $(VENV) var staticfiles
