# Svod — build, test, demo and benchmark.
# `make test` and `make demo` install what they need first, so each works alone on a fresh machine.

SWIFT ?= swift
SVOD   = .build/release/svod
APT_PACKAGES = libxlsxwriter-dev libzip-dev libsqlite3-dev pkg-config

.PHONY: all deps build release test demo bench fuzz clean

all: build

## deps: install the C libraries (apt-get) only when pkg-config cannot find them (SQLite is for GRDB, the ledger).
deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists xlsxwriter libzip sqlite3; then \
		echo "deps: libxlsxwriter, libzip and sqlite3 found"; \
	else \
		echo "deps: installing $(APT_PACKAGES)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product svod

## test: the whole test suite (Swift Testing). The pipeline tests run the built `svod` binary,
## so everything is built first.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## demo: consolidate the Samples region into out/.
demo: release
	bash Samples/demo.sh $(SVOD)

## bench: performance figures against peers (see bench/RESULTS.md).
bench: deps
	bash bench/run.sh

## fuzz: libFuzzer over the readers, the deadline grammar, the text cleaner and the config
## loaders (Fuzz/), FUZZ_SECONDS per target (default: 10 minutes shared by all); findings
## are kept in Tests/SpreadsheetTests/Fixtures/fuzz/<target>/ and replayed by `make test`.
fuzz: deps
	bash Fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Fuzz/run.sh

clean:
	rm -rf .build out work bench/work .build-fuzz Fuzz/work
