# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DEMO_DIR ?= var/demo
# clang++-14 with ASan + UBSan and libFuzzer coverage: the sanitizer test run and the fuzzers.
SANITIZE_DIR ?= build-sanitize
FUZZ_SECONDS ?= 120

.PHONY: setup build run test bench format tidy clean build-sanitize test-sanitize fuzz

setup:
	@scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Builds, creates a dev CA, certificates and a synthetic register under var/demo/, and
# serves LEFI on https://127.0.0.1:8200 in test mode.
run: build
	@scripts/run-demo.sh $(BUILD_DIR) $(DEMO_DIR)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

build-sanitize: setup
	@CXX=clang++-14 CC=clang-14 cmake -S . -B $(SANITIZE_DIR) -G Ninja \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUTBYTE_FUZZ=ON >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)

# The whole suite (unit + e2e) against the sanitized binaries.
test-sanitize: build-sanitize
	@cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# Every libFuzzer harness for FUZZ_SECONDS each, from its committed seed corpus.
fuzz: build-sanitize
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(SANITIZE_DIR)

bench: build
	@bench/run.sh $(BUILD_DIR)

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

tidy:
	@git ls-files 'src/*.cc' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	@rm -rf $(BUILD_DIR)
