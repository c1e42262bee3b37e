# immunopipe — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SWIFT      ?= swift
BIN_DEBUG   = .build/debug/immunopipe
BIN_RELEASE = .build/release/immunopipe
VENV        = .venv
PY          = $(VENV)/bin/python
OUT         = out
APT_PACKAGES = libhdf5-dev zlib1g-dev hdf5-tools pkg-config libsqlite3-dev libssl-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] && echo "" || echo sudo)

.PHONY: help deps venv venv-portal browser build build-debug demo test test-portal test-cluster bench clean

help:
	@echo "make demo   install what is missing, build (release), run the main job on sample-data/ into ./out/"
	@echo "make test   swift test + Python interoperability tests (h5py, anndata, pandas, scipy) + portal (browser, OpenAPI)"
	@echo "make bench  throughput and memory benchmarks (not part of make test)"

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

test: deps venv
	$(SWIFT) build
	$(SWIFT) test 2>&1 | tee .build/swift-test.log | grep -vE '^\[[0-9]+/[0-9]+\]'; exit $${PIPESTATUS[0]}
	IMMUNOPIPE_BIN=$(BIN_DEBUG) $(PY) -m pytest -q Tests/interop
	$(MAKE) test-portal
	$(MAKE) test-cluster

# The portal end to end: a real browser (chromium via Selenium) and the OpenAPI document checked
# and exercised by schemathesis against `immunopipe serve` on loopback.
test-portal: venv-portal browser
	IMMUNOPIPE_BIN=$(BIN_DEBUG) $(PY) -m pytest -q -p no:cacheprovider Tests/portal

# Reprocessing on a real single-node Slurm through Snakemake (installs slurm and munge from
# Debian when missing), compared value for value with a local run. Skips only where the
# machine cannot host Slurm.
test-cluster:
	bash pipelines/cluster/tests/make-test-cluster.sh $(BIN_DEBUG)

bench: build venv
	BIN=$(BIN_RELEASE) PY=$(PY) bash bench/run.sh

clean:
	rm -rf .build $(OUT) $(VENV)
