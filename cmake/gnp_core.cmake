# The sans-IO core is built in several variants from the same sources:
#   gnp_core         the reference core
#   gnp_core_faulty  with GNP_FAULT_INJECTION: one fault selectable at start-up (mutation tests);
#                    adds server_under_test/faults/, the filter around Connection that plants the
#                    faults needing state of their own (served_connection.hpp picks it)
#   gnp_core_san     with ASan+UBSan, for corpus replay and fuzz targets in a plain build
set(GNP_CORE_SOURCES
  error_code.cpp fault.cpp framer.cpp utf8.cpp request.cpp request_parser.cpp
  response_writer.cpp store.cpp dispatch.cpp connection.cpp)
list(TRANSFORM GNP_CORE_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/../server_under_test/core/)
set(GNP_FAULT_SOURCES ${CMAKE_CURRENT_LIST_DIR}/../server_under_test/faults/faulty_connection.cpp)

function(gnp_add_core name)
  cmake_parse_arguments(ARG "FAULTS;SANITIZE" "" "EXTRA_FLAGS" ${ARGN})
  add_library(${name} STATIC ${GNP_CORE_SOURCES})
  # One include root for the server's libraries: #include "core/connection.hpp".
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/server_under_test)
  target_link_libraries(${name} PRIVATE wireproof_warnings)
  target_compile_options(${name} PRIVATE ${ARG_EXTRA_FLAGS})
  if(ARG_FAULTS)
    target_compile_definitions(${name} PUBLIC GNP_FAULT_INJECTION=1)
    target_sources(${name} PRIVATE ${GNP_FAULT_SOURCES})
  endif()
  if(ARG_SANITIZE AND NOT WIREPROOF_SANITIZE)
    target_compile_options(${name} PUBLIC ${WIREPROOF_SANITIZER_FLAGS})
    target_link_options(${name} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()
