# Run at build time (cmake -P): writes OUTPUT from TEMPLATE with the project VERSION and
# `git describe --always --dirty` of SOURCE_DIR. configure_file leaves OUTPUT untouched when the
# text is unchanged, so only a new description recompiles it.
execute_process(
  COMMAND git -C "${SOURCE_DIR}" describe --always --dirty
  OUTPUT_VARIABLE WIREPROOF_GIT_DESCRIPTION
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET
  RESULT_VARIABLE git_result)
if(NOT git_result EQUAL 0 OR WIREPROOF_GIT_DESCRIPTION STREQUAL "")
  set(WIREPROOF_GIT_DESCRIPTION "unknown")
endif()
set(WIREPROOF_VERSION "${VERSION}")
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
