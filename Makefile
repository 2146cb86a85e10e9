# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/dev.txt
STAMP := $(VENV)/.installed

# Development defaults; production sets DEBUG=false and a real SECRET_KEY (see README).
export DEBUG ?= true
# `make run` serves http://127.0.0.1:$(PORT) (honcho gives $PORT to the first Procfile.dev process, web; without
# it honcho would pick 5000).
export PORT ?= 8000

.PHONY: run port-free test lint format bootstrap migrate seed lock bench loadtest clean

$(STAMP): $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	touch $(STAMP)

bootstrap: $(STAMP)
	@mkdir -p var

migrate: bootstrap
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# The port check comes first, so a second `make run` on a taken port stops before starting anything. Ctrl-C stops
# web, worker and beat and exits 0 (scripts/foreground.py says how).
run: port-free seed
	$(BIN)/python manage.py setup_periodic_tasks
	@$(BIN)/python scripts/foreground.py $(BIN)/honcho -f Procfile.dev start

# Refuses, with one line naming it, a port that another process already listens on (gunicorn.conf.py).
port-free: bootstrap
	@$(BIN)/python gunicorn.conf.py

lint: bootstrap
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -ll -q -r ims -x '*/tests/*'
	$(BIN)/vulture
	$(BIN)/mypy

format: bootstrap
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Re-resolve the pins after editing requirements/*.in.
lock:
	rm -rf /tmp/ims-lock && $(PYTHON) -m venv /tmp/ims-lock
	/tmp/ims-lock/bin/pip install --quiet -r requirements/dev.in
	( echo "# Locked from requirements/dev.in (pip freeze in a clean venv). Regenerate with: make lock"; /tmp/ims-lock/bin/pip freeze ) > requirements/dev.txt

# Benchmark at 10k and 1M applications; needs DATABASE_URL to a PostgreSQL database it may empty
# (bench/README.md).
BENCH_ARGS ?=
bench: bootstrap
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Load with integrity checks (needs DATABASE_URL to PostgreSQL; see bench/loadtest.py --help).
LOADTEST_ARGS ?=
loadtest: bootstrap
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
