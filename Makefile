# SPDX-License-Identifier: EUPL-1.2
# Two set-up commands (see README): `make run` and `make check`.
# Everything else is CMake; this file only wraps it.

BUILD      ?= build
PORT       ?= 8080
DB         ?= $(BUILD)/demo.db
SHARED     ?= ../shared/data
JOBS       ?= $(shell nproc)

.PHONY: all deps build run demo check asan fuzz clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	scripts/make-demo.sh $(BUILD)/wijkbasis $(DB) $(SHARED)

run: deps demo
	@echo
	@echo "wijkbasis draait op http://127.0.0.1:$(PORT)/"
	@echo "Demo-accounts (wachtwoord: demo-wachtwoord):"
	@echo "  professional     pro@demo.wijkbasis.nl"
	@echo "  beleidsadviseur  beleid@demo.wijkbasis.nl"
	@echo "  beheerder        beheer@demo.wijkbasis.nl"
	@echo
	$(BUILD)/wijkbasis serve --db $(DB) --port $(PORT)

# Everything tested: the normal build (unit, fuzz-corpus replay, HTTP, i18n,
# browser + axe), then the same unit, replay and HTTP tests against an
# ASan/UBSan build of the binary.
check: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) asan

asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWB_SANITIZE=ON
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) -L 'unit|fuzz|http'

# libFuzzer builds (clang); run one target with e.g.
#   build-fuzz/fuzz/fuzz_form -max_total_time=60 fuzz/corpus/fuzz_form
fuzz:
	cmake --preset fuzz
	cmake --build --preset fuzz

clean:
	rm -rf $(BUILD) build-asan build-fuzz
