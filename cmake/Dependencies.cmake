# Every dependency comes from a Debian 12 package (scripts/setup installs them);
# nothing is downloaded at configure or build time.
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)          # libsqlite3-dev
find_package(SQLiteCpp REQUIRED)        # libsqlitecpp-dev, target SQLiteCpp
find_package(CLI11 REQUIRED)            # libcli11-dev
find_package(fmt REQUIRED)              # libfmt-dev
find_package(tomlplusplus REQUIRED)     # libtomlplusplus-dev
find_package(nlohmann_json REQUIRED)    # nlohmann-json3-dev
find_package(OpenSSL REQUIRED)          # libssl-dev (SHA-256, HMAC, RNG; headers, the library is dlopened)
find_package(PostgreSQL REQUIRED)       # libpq-dev (the PostgreSQL backend)

# libcsv-dev ships a static library and a header but no CMake package.
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)
find_library(LIBCSV_LIBRARY NAMES libcsv.a csv REQUIRED)
add_library(libcsv::libcsv UNKNOWN IMPORTED)
set_target_properties(libcsv::libcsv PROPERTIES IMPORTED_LOCATION "${LIBCSV_LIBRARY}"
                                                INTERFACE_INCLUDE_DIRECTORIES "${LIBCSV_INCLUDE_DIR}")

if(GDPR_BUILD_TESTS)
  find_package(doctest REQUIRED)        # doctest-dev
endif()
