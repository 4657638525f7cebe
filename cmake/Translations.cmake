# Message catalogs: po/<lang>.po compiled with msgfmt into <build>/locale/<lang>/LC_MESSAGES/gdpr.mo
# (where the built gdpr finds them) and installed under share/locale. `cmake --build . -t pot`
# re-extracts po/gdpr.pot from the sources.
find_program(MSGFMT msgfmt REQUIRED)          # Debian: gettext
find_program(XGETTEXT xgettext REQUIRED)
include(GNUInstallDirs)

set(GDPR_LANGUAGES de)
set(mo_files)
foreach(lang ${GDPR_LANGUAGES})
  set(po ${PROJECT_SOURCE_DIR}/po/${lang}.po)
  set(mo ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES/gdpr.mo)
  add_custom_command(
    OUTPUT ${mo}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES
    COMMAND ${MSGFMT} --check --output-file=${mo} ${po}
    DEPENDS ${po}
    COMMENT "Compiling the ${lang} message catalog"
    VERBATIM)
  list(APPEND mo_files ${mo})
  install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
endforeach()
add_custom_target(translations ALL DEPENDS ${mo_files})

file(GLOB translatable_sources RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/lib/gdpr/*.cpp
     ${PROJECT_SOURCE_DIR}/lib/gdpr/*/*.cpp ${PROJECT_SOURCE_DIR}/cli/*.cpp)
add_custom_target(pot
  COMMAND ${XGETTEXT} --language=C++ --from-code=UTF-8 --keyword=tr --keyword=trf --keyword=tr_noop --keyword=trn:1,2
          --keyword=tr_plural:1,2 --no-wrap --sort-by-file --package-name=gdpr --package-version=${PROJECT_VERSION}
          --msgid-bugs-address=gdpr@example.com -o po/gdpr.pot ${translatable_sources}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "Extracting po/gdpr.pot"
  VERBATIM)
