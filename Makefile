# A thin wrapper over CMake: all build logic lives in CMakeLists.txt.
#
#   make demo       build and run the built-in policy comparison
#   make check      the fast test suite (no sanitizer build, no slow validation)
#   make test       the whole test suite, as CI runs it
#   make fuzz       fuzz the scenario and run-file readers (FUZZ_SECONDS each, or
#                   FUZZ_RUNS fresh inputs each; clang with libFuzzer)
#   make install    install into PREFIX (default /usr/local); DESTDIR is honoured
#   make uninstall  remove what the last make install installed
#
# Missing system packages are installed first (as root) or named (otherwise):
# `make demo` needs only the build packages, `make check` and `make test` also
# those of the test suite (scripts/install-deps.sh). SKIP_DEPS=1 skips the step.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
PREFIX ?= /usr/local
SKIP_DEPS ?=
FUZZ_SECONDS ?= 300
FUZZ_RUNS ?=

.PHONY: all deps configure build test check fuzz demo bench bench-rng docs format install uninstall clean

all: build

# The test targets need the test suite's packages before CMake looks for them.
test check fuzz: DEPS_ARGS = --test

deps:
ifeq ($(SKIP_DEPS),)
	@scripts/install-deps.sh $(DEPS_ARGS)
endif

# The prefix is chosen when configuring (the program knows its data folder).
install: PREFIX_FLAG = -DCMAKE_INSTALL_PREFIX=$(PREFIX)

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(PREFIX_FLAG) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE '^(sanitizer|slow)$$'

# A clang build of its own ($(BUILD)/fuzz); findings are kept in $(BUILD)/fuzz/findings.
fuzz: build
	tests/fuzz/fuzz.sh . $(BUILD)/fuzz $(BUILD)/reintegra $(FUZZ_SECONDS) $(FUZZ_RUNS)

demo: build
	$(BUILD)/reintegra demo

bench: build
	$(BUILD)/rg_bench

bench-rng: build
	$(BUILD)/rg_bench_rng

install: build
	cmake --install $(BUILD)

# Removes the files listed in the install manifest, then the folders named
# include/reintegra, share/reintegra and cmake/reintegra that it leaves empty.
uninstall:
	@test -f $(BUILD)/install_manifest.txt || \
	  { echo "nothing to uninstall: $(BUILD)/install_manifest.txt is missing"; exit 1; }
	@tr '\n' '\0' < $(BUILD)/install_manifest.txt | xargs -0 rm -fv
	@sed -n 's#^\(.*/\(include\|share\|cmake\)/reintegra\)/.*#\1#p' $(BUILD)/install_manifest.txt | \
	  sort -u | \
	  while read -r d; do [ -d "$$d" ] && find "$$d" -depth -type d -empty -delete; done; true
	@rm -f $(BUILD)/install_manifest.txt

# Regenerate the documents (and the blocks of the guides) that come from the registries.
docs: build
	$(BUILD)/reintegra params --markdown > docs/parameters.md
	$(BUILD)/reintegra fields --markdown > docs/output-format.md
	$(BUILD)/reintegra params --config > scenarios/explanatory.cfg
	scripts/doc-block.sh update docs/guides/sweeps.md "sweep --keys" $(BUILD)/reintegra sweep --keys
	scripts/doc-block.sh update docs/guides/sweeps.md "sweep --layout" $(BUILD)/reintegra sweep --layout
	scripts/doc-block.sh update docs/guides/calibration.md "calibrate --keys" $(BUILD)/reintegra calibrate --keys
	for f in sweep merge; do scripts/doc-block.sh update docs/guides/cluster.md $$f.sbatch \
	  awk 'BEGIN { print "```bash" } { print } END { print "```" }' scripts/slurm/$$f.sbatch; done
	scripts/doc-block.sh update docs/architecture.md layers python3 tests/lint/check_sources.py markdown .
	scripts/doc-block.sh update docs/ODD.md schedule $(BUILD)/reintegra schedule --markdown
	$(BUILD)/reintegra help --man > docs/reintegra.1
	$(BUILD)/reintegra completion bash > completions/reintegra.bash
	$(BUILD)/reintegra completion zsh > completions/_reintegra

format:
	find include sim models analysis tests bench -name "*.[ch]" | xargs clang-format -i

# The build folder holds everything built, the sanitizer build (build/asan) too.
clean:
	rm -rf $(BUILD)
