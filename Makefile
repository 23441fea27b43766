# sitegen — the two commands a fresh machine needs:
#   make site   builds the sample archive in this repo into public/
#   make test   runs the test suite
# Both install libcmark (the CommonMark reference library) first when it is missing.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/sitegen

.PHONY: site test deps release clean

deps:
	@if ! pkg-config --exists libcmark || ! command -v cmark >/dev/null; then \
		echo "installing libcmark-dev and cmark (Debian packages)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev cmark; \
	fi

release: deps
	$(SWIFT) build -c release --product sitegen

site: release
	$(RELEASE_BIN) build

test: deps
	$(SWIFT) test

clean:
	rm -rf .build public
