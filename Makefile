# transcheck — two commands on a fresh machine: `make audit` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: audit test test-fast golden lint format bench bench-more recall screenshot system-deps clean

$(STAMP): pyproject.toml
	@bash scripts/install-system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

audit: $(STAMP) system-deps
	$(BIN)/transcheck audit corpus/ --format json -o reports/audit.json \
		--html reports/audit.html --fail-on never
	$(BIN)/transcheck report reports/audit.json --format text
	@echo "reports written: reports/audit.json reports/audit.html"

lint: $(STAMP)
	$(BIN)/ruff check transcheck tests bench
	$(BIN)/ruff format --check transcheck tests bench

format: $(STAMP)
	$(BIN)/ruff format transcheck tests bench
	$(BIN)/ruff check --fix transcheck tests bench

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest -q

# The suite without the end-to-end tests marked `slow` (docs/testing.md).
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -q -m "not slow"

# Rewrite tests/golden/ from a fresh audit of corpus/; review with `git diff tests/golden/`.
golden: $(STAMP) system-deps
	$(BIN)/python tests/golden_cases.py

# One table: engine floor, raw engine, cold, warm, one file changed, --jobs 2, Dask local,
# peak RSS and ratios (BENCH_SIZES=1000,10000 for the full run; bench/README.md).
BENCH_SIZES ?= 300
bench: $(STAMP) system-deps
	$(BIN)/python bench/table.py --sizes $(BENCH_SIZES)

# The older, separate benchmarks (per-size audit details, Argos, Apertium batching, one big file).
bench-more: $(STAMP) system-deps
	$(BIN)/python bench/audit.py --cold-only-above 1000
	$(BIN)/python bench/mt.py
	$(BIN)/python bench/apertium.py
	$(BIN)/python bench/scaling.py

# Recall per drift type and false alarms on real translations with drifts planted at random
# (the drift bench beside this project), and sentence-alignment accuracy on the same stories.
DRIFT_BENCH ?= ../shared/drift-bench
recall: $(STAMP) system-deps
	python3 $(DRIFT_BENCH)/run.py --seeds 1,2,3
	$(BIN)/python bench/align_eval.py $(DRIFT_BENCH)/../calibration
	$(BIN)/python bench/align_eval.py $(DRIFT_BENCH)/../calibration --engine apertium

screenshot: $(STAMP) system-deps
	$(BIN)/transcheck audit corpus/ --format html -o reports/audit.html --fail-on never --quiet
	$(BIN)/python scripts/screenshot.py reports/audit.html docs/report.png
	$(BIN)/python scripts/screenshot.py reports/audit.html docs/report-phone.png \
		--width 390 --height 1800 --mobile

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
