# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
QA     := $(VENV)/bin/qa
STAMP  := $(VENV)/.installed

# Nothing here may contact a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONUNBUFFERED := 1

.PHONY: install models index run test browser bench clean

install: $(STAMP) models

# torch first, pinned to the local CPU build; the project's own range then installs nothing more
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	touch $@

models: $(STAMP)
	$(QA) models prepare

index: install
	$(QA) index info

run: install
	$(QA) serve

# Debian's Chromium for the browser tests (needs root; without it those tests skip and say why)
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null) || \
	  echo "note: chromium not installed; browser tests will be skipped"; }

test: install browser
	$(PY) -m pytest -q

# the peer (Haystack) comes with the bench extra; the scale bench stops at 100,000 passages here
# (run eval/bench_scale.py alone for its default sizes, up to a million)
bench: install
	$(PY) -m pip install -q -e '.[bench]'
	@echo "cores: $$(nproc)"
	$(PY) eval/bench_retrieval.py
	$(PY) eval/bench_reader.py
	$(PY) eval/bench_peers.py
	$(PY) eval/compare_backends.py
	$(PY) eval/bench_scale.py --sizes 10000 100000

clean:
	rm -rf index/store index/store.tmp index/store.old runs artifacts
