# wireproof_version: project_version(), git_description(), version_line() for every binary's
# --version (tools/version/version.hpp). The git description is re-read on every build by a
# small always-run step; its output file changes only when the description does.
set(WIREPROOF_VERSION_INFO ${CMAKE_BINARY_DIR}/generated/version_info.cpp)
add_custom_target(wireproof_version_info
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
          -DTEMPLATE=${PROJECT_SOURCE_DIR}/tools/version/version_info.cpp.in -DOUTPUT=${WIREPROOF_VERSION_INFO}
          -P ${PROJECT_SOURCE_DIR}/cmake/write_version.cmake
  BYPRODUCTS ${WIREPROOF_VERSION_INFO}
  COMMENT "" VERBATIM)
add_library(wireproof_version STATIC ${PROJECT_SOURCE_DIR}/tools/version/version.cpp ${WIREPROOF_VERSION_INFO})
add_dependencies(wireproof_version wireproof_version_info)
target_include_directories(wireproof_version PUBLIC ${PROJECT_SOURCE_DIR}/tools)
target_link_libraries(wireproof_version PRIVATE wireproof_warnings)
