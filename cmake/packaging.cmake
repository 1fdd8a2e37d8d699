# Install layout and the Debian package.
#
#   bin/                  wireproof, gnp-server, gnp-server-mutant, gnp-load, gnp-robustness
#   share/wireproof/      the data the binaries read, laid out as in the source tree, so that
#                         tools/wireproof/cli/source_tree.cpp finds REL at <exe>/../share/wireproof/REL:
#     conformance/scenarios/  the scenario suite (certify, coverage)
#     conformance/unobservable.txt  requirements no test can observe (coverage)
#     corpus/                 raw request streams (fuzz and diff start from them)
#     docs/                   PROTOCOL.md (coverage reads it) and the other documents
#     tools/make-test-pki     certify/fuzz/repro --tls generate a test PKI with it
set(WIREPROOF_DATA_DIR ${CMAKE_INSTALL_DATADIR}/wireproof)

install(TARGETS wireproof gnp-server gnp-server-mutant gnp-load gnp-robustness
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/conformance/scenarios DESTINATION ${WIREPROOF_DATA_DIR}/conformance
        FILES_MATCHING PATTERN "*.gnpt" PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/conformance/unobservable.txt DESTINATION ${WIREPROOF_DATA_DIR}/conformance)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/corpus DESTINATION ${WIREPROOF_DATA_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION ${WIREPROOF_DATA_DIR} FILES_MATCHING PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${WIREPROOF_DATA_DIR})
install(PROGRAMS ${PROJECT_SOURCE_DIR}/tools/make-test-pki DESTINATION ${WIREPROOF_DATA_DIR}/tools)

set(CPACK_PACKAGE_NAME wireproof)
set(CPACK_PACKAGE_VENDOR "wireproof")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "wireproof maintainers <wireproof@localhost>")
set(CPACK_PACKAGE_INSTALL_DIRECTORY wireproof)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
       "wireproof certify runs declarative GNP/1 conformance scenarios against any server and\n"
       "writes text, JSON, JUnit and HTML reports; wireproof fuzz, repro and diff find and replay\n"
       "bugs in a live server. Includes the reference server gnp-server and its fault-injecting\n"
       "variant gnp-server-mutant.")
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo binaries are 4x larger with their debug info
# The runtime libraries (libssl3, libstdc++6, libc6, ...) from the binaries themselves when
# dpkg-shlibdeps is there; otherwise the list Debian 12 needs.
find_program(WIREPROOF_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(WIREPROOF_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= 2.34), libstdc++6 (>= 12), libgcc-s1 (>= 3.0), libssl3 (>= 3.0.0)")
endif()
# make-test-pki runs the openssl command-line tool (certify --tls without --pki).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssl")
include(CPack)
