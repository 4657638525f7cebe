# Installation layout and the Debian package (cpack -G DEB).
include(GNUInstallDirs)

# The man page: generated from docs/gdpr.1.in and the built program's --help output.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(GDPR_MAN_PAGE ${PROJECT_BINARY_DIR}/man/gdpr.1)
add_custom_command(
  OUTPUT ${GDPR_MAN_PAGE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/cmake/gen_man.py $<TARGET_FILE:gdpr>
          ${PROJECT_SOURCE_DIR}/docs/gdpr.1.in ${GDPR_MAN_PAGE} ${PROJECT_VERSION}
  DEPENDS gdpr ${PROJECT_SOURCE_DIR}/docs/gdpr.1.in ${PROJECT_SOURCE_DIR}/cmake/gen_man.py
  COMMENT "Generating gdpr.1 from docs/gdpr.1.in and gdpr --help"
  VERBATIM)
# The German page from its own template and the German help (the same catalogue as every message).
set(GDPR_MAN_PAGE_DE ${PROJECT_BINARY_DIR}/man/de/gdpr.1)
add_custom_command(
  OUTPUT ${GDPR_MAN_PAGE_DE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man/de
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/cmake/gen_man.py $<TARGET_FILE:gdpr>
          ${PROJECT_SOURCE_DIR}/docs/gdpr.de.1.in ${GDPR_MAN_PAGE_DE} ${PROJECT_VERSION} de
  DEPENDS gdpr ${PROJECT_BINARY_DIR}/locale/de/LC_MESSAGES/gdpr.mo ${PROJECT_SOURCE_DIR}/docs/gdpr.de.1.in ${PROJECT_SOURCE_DIR}/cmake/gen_man.py
  COMMENT "Generating the German gdpr.1 from docs/gdpr.de.1.in and the German gdpr --help"
  VERBATIM)
add_custom_target(man ALL DEPENDS ${GDPR_MAN_PAGE} ${GDPR_MAN_PAGE_DE})

install(TARGETS gdpr RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${GDPR_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${GDPR_MAN_PAGE_DE} DESTINATION ${CMAKE_INSTALL_MANDIR}/de/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completions/gdpr.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME gdpr)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_gdpr DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/gdpr.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples USE_SOURCE_PERMISSIONS)
# The crontab names the cron wrapper where this installation put it: /usr/share/doc/gdpr for the
# package, PREFIX/share/doc/gdpr for `cmake --install --prefix PREFIX` (the prefix of the install,
# not of the configure step: cpack installs with its own).
install(CODE "
  set(crontab \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DOCDIR}/examples/cron/crontab\")
  file(READ \"\${crontab}\" text)
  string(REPLACE \"/usr/share/doc/gdpr/\" \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DOCDIR}/\" text \"\${text}\")
  file(WRITE \"\${crontab}\" \"\${text}\")")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The worker's unit (docs/linked-systems.md): shipped, not enabled; the admin creates its user.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/gdpr-worker.service DESTINATION lib/systemd/system)

set(CPACK_PACKAGE_NAME gdpr)
set(CPACK_PACKAGE_VENDOR "gdpr developers")
set(CPACK_PACKAGE_CONTACT "gdpr developers <gdpr@example.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "GDPR erasure requests under the four-eyes principle")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
# Depends: computed by dpkg-shlibdeps from the libraries the binary links, plus libssl3 for
# libcrypto.so.3, which gdpr loads when it first hashes (lib/gdpr/dynlib.hpp). libpq5 is loaded
# only for a PostgreSQL database: recommended, not required.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libssl3 (>= 3.0.0)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libpq5")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bsd-mailx | mailutils, sqlite3")
set(CPACK_STRIP_FILES ON)
include(CPack)
