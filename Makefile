# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
DEMO_DIR ?= var/demo
# clang++-14 with ASan + UBSan and libFuzzer coverage: the sanitizer test run and the fuzzers.
SANITIZE_DIR ?= build-sanitize
FUZZ_SECONDS ?= 120

.PHONY: setup configure build build-server run test test-fast bench format tidy clean build-sanitize test-sanitize fuzz cluster cluster-stop

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

# Everything: the server, the unit tests, the fuzz-free benchmarks and load generator.
build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Only the `utbyte` binary and the libraries it links: what `make run` needs.
build-server: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target utbyte

# Builds the server only, creates a dev CA, certificates and a synthetic register under var/demo/, and
# serves LEFI on https://127.0.0.1:8200 in test mode.
run: build-server
	@scripts/run-demo.sh $(BUILD_DIR) $(DEMO_DIR)

# A local cluster under var/cluster/: PostgreSQL, three `utbyte serve` on it and nginx as a
# TLS-passthrough load balancer on https://127.0.0.1:8300 (scripts/cluster.sh, docs/operations.md).
cluster: build
	@scripts/cluster.sh start $(BUILD_DIR)

cluster-stop:
	@scripts/cluster.sh stop

# Everything CI runs (.ci/run): the clang++ ASan + UBSan build and the whole suite against it —
# unit, contracts, every e2e suite on both stores, the browser, cluster, kill -9 and fault tests,
# and each fuzzer for 20 s. The suite runs once, against sanitized binaries, which keeps CI near
# 20 minutes on 2 cores; `make test-fast` runs it against the g++ build instead.
test: test-sanitize

# The g++ build's whole suite (no sanitizers, no fuzzers): quicker to iterate on.
test-fast: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

build-sanitize: setup
	@CXX=clang++-14 CC=clang-14 cmake -S . -B $(SANITIZE_DIR) -G Ninja \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
	  -DUTBYTE_FUZZ=ON >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)

# The whole suite (unit, e2e, fuzz_* for 20 s each) against the sanitized binaries.
test-sanitize: build-sanitize
	@cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# Every libFuzzer harness for FUZZ_SECONDS each, from its committed seed corpus.
fuzz: build-sanitize
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(SANITIZE_DIR)

bench: build
	@mkdir -p bench/work && bench/all.sh $(BUILD_DIR)

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

tidy:
	@git ls-files 'src/*.cc' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	@rm -rf $(BUILD_DIR)
