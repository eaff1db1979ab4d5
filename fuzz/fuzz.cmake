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
utbyte_fuzzer(fuzz_ssbtek_request DEPS utbyte_ssbtek)
