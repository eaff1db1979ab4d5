# libFuzzer harnesses (clang++ only), one per parser that takes outside input. Included by the top
# CMakeLists.txt when configured with -DUTBYTE_FUZZ=ON and CXX=clang++-14 (`make fuzz` does): every
# library is then built with -fsanitize=fuzzer-no-link,address,undefined and each harness links
# libFuzzer's main. Seed corpora live in fuzz/corpus/<harness>/ and are committed;
# scripts/fuzz.sh runs each harness for a set time.

function(utbyte_fuzzer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  add_executable(${name} ${PROJECT_SOURCE_DIR}/fuzz/${name}.cc)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
  list(APPEND UTBYTE_FUZZERS ${name})
  set(UTBYTE_FUZZERS ${UTBYTE_FUZZERS} PARENT_SCOPE)
endfunction()

utbyte_fuzzer(fuzz_identity_numbers DEPS utbyte_domain)
utbyte_fuzzer(fuzz_lefi_query DEPS utbyte_lefi)
utbyte_fuzzer(fuzz_order_request DEPS utbyte_lefi)
utbyte_fuzzer(fuzz_http_request DEPS utbyte_platform)
utbyte_fuzzer(fuzz_config_files DEPS utbyte_platform)
utbyte_fuzzer(fuzz_soap_envelope DEPS utbyte_platform)
utbyte_fuzzer(fuzz_eioa_anmalan DEPS utbyte_eioa)
target_compile_definitions(fuzz_eioa_anmalan PRIVATE UTBYTE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
utbyte_fuzzer(fuzz_leka_subscription DEPS utbyte_leka)
utbyte_fuzzer(fuzz_leka_legacy DEPS utbyte_leka)
utbyte_fuzzer(fuzz_ssbtek_request DEPS utbyte_ssbtek)

# `make test-sanitize` (and so `make test`) runs every harness for a short time as a ctest entry,
# so a regression in a parser is caught by CI; `make fuzz` runs them for longer. New inputs go to
# the build's corpus, the committed seeds are read only, reproducers land in fuzz/artifacts/.
set(UTBYTE_FUZZ_SECONDS 20 CACHE STRING "Seconds each fuzzer runs as a ctest entry")
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz/artifacts)
foreach(harness ${UTBYTE_FUZZERS})
  file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz/corpus/${harness})
  add_test(NAME ${harness}
           COMMAND ${harness} -max_total_time=${UTBYTE_FUZZ_SECONDS} -timeout=10
                   -rss_limit_mb=2048 -print_final_stats=1
                   -artifact_prefix=${PROJECT_BINARY_DIR}/fuzz/artifacts/${harness}-
                   ${PROJECT_BINARY_DIR}/fuzz/corpus/${harness}
                   ${PROJECT_SOURCE_DIR}/fuzz/corpus/${harness})
  set_tests_properties(${harness} PROPERTIES LABELS fuzz
                       TIMEOUT 300)
endforeach()
