# A thin wrapper over CMake: all build logic lives in CMakeLists.txt.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo bench docs format clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	$(BUILD)/reintegra demo

bench: build
	$(BUILD)/rg_bench

# Regenerate the documents that come from the registries.
docs: build
	$(BUILD)/reintegra params --markdown > docs/parameters.md
	$(BUILD)/reintegra fields --markdown > docs/output-format.md
	$(BUILD)/reintegra params --config > scenarios/explanatory.cfg
	$(BUILD)/reintegra schedule --markdown > $(BUILD)/schedule.md
	awk -v gen=$(BUILD)/schedule.md '/^<!-- END schedule/ { while ((getline l < gen) > 0) print l; p = 0 } !p; /^<!-- BEGIN schedule/ { p = 1 }' docs/ODD.md > $(BUILD)/ODD.md
	mv $(BUILD)/ODD.md docs/ODD.md

format:
	find include sim models analysis tests bench -name "*.[ch]" | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-asan
