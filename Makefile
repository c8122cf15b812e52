# Every target runs through the project's own virtual environment (.venv), made by `make install`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
GOLD ?= fixtures/seeds_gold.jsonl

.PHONY: install test extract render browse serve eval agreement bench speakers lint check clean

install:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,dask,datasette,serve]"
	@echo "installed quotes, its dev tools and the dask, datasette and serve extras into $(VENV)/ (run: $(VENV)/bin/quotes --help)"

test: lint
	$(PY) -m pytest -q
	@echo "lint and tests ran against the package in $(VENV)/"

extract:
	$(PY) -m quotes extract seeds/ -o out/seeds.jsonl
	@echo "attributed quotes of seeds/ are in out/seeds.jsonl (one JSON object a line)"

render:
	$(PY) -m quotes render seeds/ -o out/seeds.html --title "Seed articles"
	@echo "the seed articles with their quotes highlighted are in out/seeds.html (open it in any browser)"

browse:
	$(PY) -m quotes extract seeds/ --db out/seeds.db -q
	@echo "the seed articles' quote store is out/seeds.db; Datasette serves it at http://127.0.0.1:8001/seeds (Ctrl-C stops it)"
	$(PY) -m datasette serve out/seeds.db --host 127.0.0.1 --port 8001

serve:
	$(PY) -m quotes extract seeds/ --db out/seeds.db -q
	@echo "the HTTP API over the seed articles' store out/seeds.db at http://127.0.0.1:8000/ (docs at /docs; Ctrl-C stops it)"
	$(PY) -m quotes serve --db out/seeds.db

eval:
	$(PY) -m quotes eval $(GOLD) --baseline textacy
	@echo "scored against $(GOLD) (set GOLD=... for another gold file)"

agreement:
	$(PY) -m bench.agreement
	@echo "quotes eval compared with the reference scorer (../shared/eval/score.py) on PolNeAR dev: bench/agreement.md"

speakers:
	$(PY) -m bench.speakers
	@echo "speaker kinds and genders scored against fixtures/polnear_train_speakers_labels.jsonl: bench/speakers.md"

bench:
	$(PY) -m bench.run
	@echo "benchmark table written to bench/results.md (extraction, scanner, growth families, HTTP service)"

lint:
	$(PY) -m ruff check quotes tests bench
	@echo "lint passed on quotes/, tests/ and bench/"

check: lint test

clean:
	rm -rf out/ build/ dist/ *.egg-info .pytest_cache .hypothesis .ruff_cache
	@echo "removed build, test and output files (kept $(VENV)/; rm -rf $(VENV) to drop it)"
