# End-to-end tests: the published contract is linted, and the real `utbyte serve` is driven over
# real mutual TLS by node's built-in test runner (tests/e2e/lefi.test.mjs). Included from the top
# CMakeLists.txt. Both need node and the npm packages of package-lock.json (scripts/setup.sh).
# Every server listens on an ephemeral port in its own temp dir, so the tests may run in parallel
# with anything else.

find_program(UTBYTE_NODE node)
find_program(UTBYTE_NPX npx)

if(NOT UTBYTE_NODE OR NOT UTBYTE_NPX)
  message(STATUS "e2e: node/npx not found; contract_lint and e2e_lefi are not registered")
  return()
endif()

add_test(NAME contract_lint
         COMMAND ${UTBYTE_NPX} --no-install redocly lint
                 contracts/openapi/lefi-formansinformation-v9.yaml
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(contract_lint PROPERTIES
                     LABELS "e2e;contract"
                     TIMEOUT 300
                     ENVIRONMENT "REDOCLY_TELEMETRY=off;REDOCLY_SUPPRESS_UPDATE_NOTICE=true")

add_test(NAME e2e_lefi
         COMMAND ${UTBYTE_NODE} --test tests/e2e/lefi.test.mjs
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_lefi PROPERTIES
                     LABELS e2e
                     TIMEOUT 300
                     ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")
