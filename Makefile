# immunopipe — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SWIFT      ?= swift
BIN_DEBUG   = .build/debug/immunopipe
BIN_RELEASE = .build/release/immunopipe
VENV        = .venv
PY          = $(VENV)/bin/python
OUT         = out
APT_PACKAGES = libhdf5-dev zlib1g-dev libdeflate-dev hdf5-tools pkg-config libsqlite3-dev libssl-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] && echo "" || echo sudo)

.PHONY: help deps venv venv-portal browser build build-debug demo test lint format test-portal test-cluster bench fuzz clean

help:
	@echo "make demo   install what is missing, build (release), run the main job on sample-data/ into ./out/"
	@echo "make test   swift test + Python interoperability tests (h5py, anndata, pandas, scipy) + portal (browser, OpenAPI)"
	@echo "make format rewrite the Swift sources to .swift-format (make lint, part of make test, checks it)"
	@echo "make bench  throughput and memory benchmarks (not part of make test)"
	@echo "make fuzz   mutate the fixtures and corpus through every reader for FUZZ_SECONDS (default 600), seed FUZZ_SEED"

# System libraries from Debian/Ubuntu, installed only when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 toolchain not found: install it from swift.org and put it on PATH"; exit 1; }

# Python environment for the interop tests, recreated when requirements change.
$(VENV)/.stamp: Tests/interop/requirements.txt
	@command -v python3 >/dev/null || { $(SUDO) apt-get install -y -qq python3 python3-venv; }
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r Tests/interop/requirements.txt
	touch $@
venv: $(VENV)/.stamp

# The portal's end-to-end tests (Selenium, schemathesis, openapi-spec-validator) in the same venv.
$(VENV)/.portal-stamp: Tests/portal/requirements.txt $(VENV)/.stamp
	$(VENV)/bin/pip install -q -r Tests/portal/requirements.txt
	touch $@
venv-portal: $(VENV)/.portal-stamp

# Debian's chromium and chromedriver for the portal's browser test, installed when missing; where
# they cannot be installed the browser test skips and says why.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "installing chromium chromium-driver (portal browser test)"; \
	  ( $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium chromium-driver ) \
	    || echo "chromium could not be installed here: the portal's browser test will be skipped"; \
	fi

build: deps
	$(SWIFT) build -c release

build-debug: deps
	$(SWIFT) build

demo: build
	@rm -rf $(OUT) && mkdir -p $(OUT)
	BIN=$(BIN_RELEASE) OUT=$(OUT) bash pipelines/demo.sh

test: deps venv lint
	$(SWIFT) build
	$(SWIFT) test 2>&1 | tee .build/swift-test.log | grep -vE '^\[[0-9]+/[0-9]+\]'; exit $${PIPESTATUS[0]}
	IMMUNOPIPE_BIN=$(BIN_DEBUG) $(PY) -m pytest -q Tests/interop
	bash Tests/golden/report-golden.sh $(BIN_DEBUG)
	$(MAKE) test-portal
	$(MAKE) test-cluster

# The tree is formatted by .swift-format (swift-format ships with the Swift 6 toolchain): `make
# format` rewrites the sources, `make lint` (part of make test) fails on any file not formatted.
SWIFT_FORMAT ?= $(shell command -v swift-format 2>/dev/null)
FORMATTED    = Package.swift Sources Tests
format:
	$(SWIFT_FORMAT) format --in-place --recursive --parallel $(FORMATTED)
lint:
	@if [ -z "$(SWIFT_FORMAT)" ]; then echo "swift-format not found with the toolchain: format check skipped"; \
	else $(SWIFT_FORMAT) lint --strict --recursive --parallel $(FORMATTED) && echo "lint: every source file is formatted (.swift-format)"; fi

# The portal end to end: a real browser (chromium via Selenium) and the OpenAPI document checked
# and exercised by schemathesis against `immunopipe serve` on loopback.
test-portal: venv-portal browser
	IMMUNOPIPE_BIN=$(BIN_DEBUG) $(PY) -m pytest -q -p no:cacheprovider Tests/portal

# Reprocessing on a real single-node Slurm through Snakemake (installs slurm and munge from
# Debian when missing), compared value for value with a local run. Skips only where the
# machine cannot host Slurm.
test-cluster:
	bash pipelines/cluster/tests/make-test-cluster.sh $(BIN_DEBUG)

# The benchmarks' own Python (pandas, polars, DuckDB: bench/requirements.txt).
.venv-bench/.stamp: bench/requirements.txt
	python3 -m venv .venv-bench
	.venv-bench/bin/pip install -q --upgrade pip
	.venv-bench/bin/pip install -q -r bench/requirements.txt
	touch $@

bench: build .venv-bench/.stamp
	BIN=$(BIN_RELEASE) PY=.venv-bench/bin/python bash bench/run.sh

# The seeded mutation loop of Tests/ReadersTests/Fuzz for as long as asked (make test runs 40 s of
# it). Larger seeds and huge fields than the short pass. A crash kills the test process with the
# input on disk: it is copied to Tests/ReadersTests/Fixtures/fuzz-regressions/ for review, where
# regressionsStayFixed replays it on every run once the reader is fixed. See docs/fuzzing.md.
FUZZ_SECONDS ?= 600
FUZZ_SEED    ?= $(shell date +%s)
FUZZ_WORK    ?= .build/fuzz
fuzz: deps
	$(SWIFT) build --build-tests
	@rm -rf $(FUZZ_WORK) && mkdir -p $(FUZZ_WORK)
	@echo "fuzzing for $(FUZZ_SECONDS) s with FUZZ_SEED=$(FUZZ_SEED) (replay with the same seed)"
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) FUZZ_WORK=$(FUZZ_WORK) \
	FUZZ_MAX_SEED_BYTES=$${FUZZ_MAX_SEED_BYTES:-8000000} FUZZ_HUGE_FIELD_BYTES=$${FUZZ_HUGE_FIELD_BYTES:-4000000} \
	  $(SWIFT) test --skip-build --filter ReaderFuzzTests/mutatedInputs 2>&1 | tee $(FUZZ_WORK)/log; status=$${PIPESTATUS[0]}; \
	if [ $$status -ne 0 ] && ! grep -q '^fuzz: [0-9]* inputs' $(FUZZ_WORK)/log; then \
	  f=$$(ls -t $(FUZZ_WORK)/current-input.* | grep -v '\.txt$$' | head -1); \
	  dest=Tests/ReadersTests/Fixtures/fuzz-regressions/crash-seed$(FUZZ_SEED)-$$(basename $$f); cp "$$f" "$$dest"; \
	  echo "CRASH: input kept as $$dest ($$(cat $(FUZZ_WORK)/current-input.txt))"; \
	fi; \
	for f in $(FUZZ_WORK)/finding-*; do \
	  [ -f "$$f" ] || continue; dest=Tests/ReadersTests/Fixtures/fuzz-regressions/$$(basename $$f); cp "$$f" "$$dest"; echo "kept $$dest"; \
	done; \
	exit $$status

clean:
	rm -rf .build $(OUT) $(VENV)
