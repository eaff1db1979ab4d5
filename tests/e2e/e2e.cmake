# End-to-end tests: the published contract is linted, and the real `utbyte serve` is driven over
# real mutual TLS by node's built-in test runner (tests/e2e/*.test.mjs). Included from the top
# CMakeLists.txt. Both need node and the npm packages of package-lock.json (scripts/setup.sh).
# Every server listens on an ephemeral port in its own temp dir, so the tests may run in parallel
# with anything else.

find_program(UTBYTE_NODE node)
find_program(UTBYTE_NPX npx)

if(NOT UTBYTE_NODE OR NOT UTBYTE_NPX)
  message(STATUS "e2e: node/npx not found; contract_lint and the e2e suites are not registered")
  return()
endif()

# Every published contract (one file per API major), relative to the source dir.
file(GLOB UTBYTE_CONTRACTS CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
     ${PROJECT_SOURCE_DIR}/contracts/openapi/*.yaml)
add_test(NAME contract_lint
         COMMAND ${UTBYTE_NPX} --no-install redocly lint ${UTBYTE_CONTRACTS}
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

# API versions: v8 (the previous major) beside v9, deprecation headers, 410 after v8's end of
# life (a server with --fake-time), validated against contracts/openapi/lefi-formansinformation-v8.yaml.
add_test(NAME e2e_versions
         COMMAND ${UTBYTE_NODE} --test tests/e2e/versions.test.mjs
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_versions PROPERTIES
                     LABELS e2e
                     TIMEOUT 300
                     ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")

# LEFI's SOAP generations v5–7 at FK's addresses (/ws, /shs2 and the product's), with the npm
# soap client and curl: same data as v9, v5/v6 gone (410), the doors, agreements.
add_test(NAME e2e_lefi_soap
         COMMAND ${UTBYTE_NODE} --test tests/e2e/lefi_soap.test.mjs
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_lefi_soap PROPERTIES
                     LABELS e2e
                     TIMEOUT 300
                     ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")

# The client inside the SLA: `utbyte lefi fraga --fil` paces a batch of 20 at the Online limits
# against a server with the SLA on (no 429 in its access log), and `utbyte sla status`.
add_test(NAME e2e_client_pacing
         COMMAND ${UTBYTE_NODE} --test tests/e2e/client_pacing.test.mjs
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_client_pacing PROPERTIES
                     LABELS e2e
                     TIMEOUT 300
                     ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")

# The SLA on the server side (docs/sla.md): 429 + Retry-After per actor, service windows added and
# removed while the server runs (503, /health, /sla/status), the regular weekend window and
# Massfråga hours at fixed instants (--fake-time), refusal metrics, --sla off.
add_test(NAME e2e_sla
         COMMAND ${UTBYTE_NODE} --test tests/e2e/sla.test.mjs
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_sla PROPERTIES
                     LABELS e2e
                     TIMEOUT 300
                     ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")

# LEFI Asynkron v10 smoke test: a small order submitted, processed, paged out and acknowledged,
# every answer validated against contracts/openapi/lefi-bestallning*-v10.yaml.
add_test(NAME e2e_massfraga
         COMMAND ${UTBYTE_NODE} --test tests/e2e/massfraga.test.mjs
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_massfraga PROPERTIES
                     LABELS e2e
                     TIMEOUT 300
                     ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")

# LEFI Asynkron v10, big: a 10 000-line order (catalogue, register, unknown and invalid lines)
# through `utbyte lefi massfraga skicka --vanta`, the server killed with SIGKILL mid-processing and
# restarted, then `hamta`: every line once, every valid person answered and audited exactly once,
# 20 answers equal to v9's, `audit verify`. Waits out the 60 s lease of the killed server's rows.
add_test(NAME e2e_massfraga_big
         COMMAND ${UTBYTE_NODE} --test tests/e2e/massfraga_big.test.mjs
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_massfraga_big PROPERTIES
                     LABELS e2e
                     TIMEOUT 600
                     ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")

# utbyte_e2e(NAME FILE TIMEOUT): one node:test suite against the real binary. Later services
# register their suites with one line each.
function(utbyte_e2e name file timeout)
  add_test(NAME ${name}
           COMMAND ${UTBYTE_NODE} --test ${file}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES
                       LABELS e2e
                       TIMEOUT ${timeout}
                       ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR}")
endfunction()

# Fault and abuse tests (docs/security.md): timeouts, floods, limits, TLS floor, full disk.
utbyte_e2e(e2e_faults tests/e2e/faults.test.mjs 300)

# LEKA v9 (docs/leka.md)
utbyte_e2e(e2e_leka tests/e2e/leka.test.mjs 300)
utbyte_e2e(e2e_leka_schedule tests/e2e/leka_schedule.test.mjs 120)
# The agreement holds at delivery time: narrowed actors file, restart (decisions R20–R26)
utbyte_e2e(e2e_leka_agreement tests/e2e/leka_agreement.test.mjs 300)
# E-IOA (docs/eioa.md)
utbyte_e2e(e2e_eioa tests/e2e/eioa.test.mjs 300)
add_test(NAME contract_eioa COMMAND sh tests/eioa/check_contracts.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(contract_eioa PROPERTIES LABELS "e2e;contract" TIMEOUT 60)
# SSBTEK (docs/ssbtek.md)
utbyte_e2e(e2e_ssbtek tests/e2e/ssbtek.test.mjs 300)
# The partner pipeline: LEFI's p99 beside hanging SSBTEK sources and a storm of web logins.
utbyte_e2e(e2e_pipeline tests/e2e/pipeline.test.mjs 300)
# Every partner route × (agreement covers its service / does not), production mode.
utbyte_e2e(e2e_matrix tests/e2e/matrix.test.mjs 300)
add_test(NAME contract_ssbtek COMMAND sh tests/ssbtek/check_contracts.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(contract_ssbtek PROPERTIES LABELS "e2e;contract" TIMEOUT 60)
# LEFI Online's SOAP generations 5-7 (docs/lefi-soap.md): XSDs, samples, both WSDLs
add_test(NAME contract_lefi_soap COMMAND sh tests/lefi/check_soap_contracts.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(contract_lefi_soap PROPERTIES LABELS "e2e;contract" TIMEOUT 60)
# LEKA's SOAP generations 5-7 (docs/leka.md): subscribe → daily run → fetch → acknowledge over
# /ws and /shs2, and the v9 feed agrees; XSDs, samples, real answers and the WSDL
utbyte_e2e(e2e_leka_soap tests/e2e/leka_soap.test.mjs 300)
add_test(NAME contract_leka_soap COMMAND sh tests/leka/check_soap_contracts.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(contract_leka_soap PROPERTIES LABELS "e2e;contract" TIMEOUT 60)
# kill -9 during E-IOA intake and LEKA acknowledgements (docs/security.md)
utbyte_e2e(e2e_crash tests/e2e/crash.test.mjs 300)
# Web interface (docs/webui.md): chromium via playwright-core against /webb/
utbyte_e2e(e2e_webui tests/e2e/webui.test.mjs 300)

# PostgreSQL (issue 10, docs/operations.md): every suite above a second time, each test process
# with its own throw-away PostgreSQL (UTBYTE_TEST_STORE=postgresql, tests/e2e/lib/harness.mjs,
# scripts/postgres-temp.sh; Unix socket in its own temp dir, so they run in parallel), and the
# cluster test (PostgreSQL + three instances + nginx, one instance killed with SIGKILL).
file(GLOB UTBYTE_PG_INITDB /usr/lib/postgresql/*/bin/initdb)
if(NOT UTBYTE_PG_INITDB)
  message(STATUS "e2e: PostgreSQL (initdb) not found; the e2e_pg_* suites and e2e_cluster are not registered")
endif()
function(utbyte_e2e_pg name file timeout)
  if(NOT UTBYTE_PG_INITDB)
    return()
  endif()
  add_test(NAME ${name}
           COMMAND ${UTBYTE_NODE} --test ${file}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES
                       LABELS "e2e;postgresql"
                       TIMEOUT ${timeout}
                       ENVIRONMENT "UTBYTE_BIN=$<TARGET_FILE:utbyte>;UTBYTE_ROOT=${PROJECT_SOURCE_DIR};UTBYTE_TEST_STORE=postgresql")
endfunction()
utbyte_e2e_pg(e2e_pg_lefi tests/e2e/lefi.test.mjs 300)
utbyte_e2e_pg(e2e_pg_versions tests/e2e/versions.test.mjs 300)
utbyte_e2e_pg(e2e_pg_lefi_soap tests/e2e/lefi_soap.test.mjs 300)
utbyte_e2e_pg(e2e_pg_client_pacing tests/e2e/client_pacing.test.mjs 300)
utbyte_e2e_pg(e2e_pg_sla tests/e2e/sla.test.mjs 300)
utbyte_e2e_pg(e2e_pg_massfraga tests/e2e/massfraga.test.mjs 300)
utbyte_e2e_pg(e2e_pg_massfraga_big tests/e2e/massfraga_big.test.mjs 600)
utbyte_e2e_pg(e2e_pg_faults tests/e2e/faults.test.mjs 300)
utbyte_e2e_pg(e2e_pg_leka tests/e2e/leka.test.mjs 300)
utbyte_e2e_pg(e2e_pg_leka_schedule tests/e2e/leka_schedule.test.mjs 120)
utbyte_e2e_pg(e2e_pg_leka_agreement tests/e2e/leka_agreement.test.mjs 300)
utbyte_e2e_pg(e2e_pg_leka_soap tests/e2e/leka_soap.test.mjs 300)
utbyte_e2e_pg(e2e_pg_eioa tests/e2e/eioa.test.mjs 300)
utbyte_e2e_pg(e2e_pg_ssbtek tests/e2e/ssbtek.test.mjs 300)
utbyte_e2e_pg(e2e_pg_matrix tests/e2e/matrix.test.mjs 300)
utbyte_e2e_pg(e2e_pg_crash tests/e2e/crash.test.mjs 300)
utbyte_e2e_pg(e2e_pg_webui tests/e2e/webui.test.mjs 300)
utbyte_e2e_pg(e2e_cluster tests/e2e/cluster.test.mjs 600)
