# Benchmarks (see bench/README.md). Included from the top CMakeLists.txt; not part of ctest.
# `loadgen` is our keep-alive HTTPS/1.1 load generator: the Debian load tools cannot present a
# client certificate at speed (reference/benchmarking.md).
file(GLOB loadgen_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/bench/loadgen/*.cc)
add_executable(loadgen ${loadgen_sources})
target_link_libraries(loadgen PRIVATE OpenSSL::SSL OpenSSL::Crypto Threads::Threads Boost::headers
                                      nlohmann_json::nlohmann_json)
set_target_properties(loadgen PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
