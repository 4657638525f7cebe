#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   bash scripts/run.sh demo   install packages, build, run the four-eyes demo
#   bash scripts/run.sh test   install packages, build, run every test, again sanitized, fuzz, clang-tidy (CI)
#   bash scripts/run.sh build  install packages and build only
# Packages come from Debian (apt-get, as root or through sudo); nothing is downloaded by CMake.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${GDPR_BUILD_DIR:-$here/build}
build_type=${GDPR_BUILD_TYPE:-RelWithDebInfo}

packages=(
  cmake g++ make
  libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev libtomlplusplus-dev
  doctest-dev nlohmann-json3-dev libssl-dev libcsv-dev libpq-dev postgresql-15
  sqlite3 python3 jq util-linux fish zsh man-db groff-base dpkg-dev gettext locales
  clang libclang-rt-14-dev clang-tidy ccache
  chromium poppler-utils fonts-dejavu-core libcurl4-openssl-dev
)
# chromium and poppler-utils: tests/cli/test_browser.sh prints the HTML sheet and letters to PDF
# and reads the pages back (SPEC §10). libcurl4-openssl-dev: curl.h for the HTTP kinds (the
# library itself is loaded at run time, SPEC §11).
# clang-tidy 22 (Debian 12's security archive carries it) checks a file several times faster than
# clang-tidy 14: it no longer runs its checks on the system headers' code (docs/hardening.md).
# Without it scripts/tidy.py falls back to clang-tidy 14, with the same profile.
optional_packages=(clang-tidy-22)

# German messages are tested under a real de_DE.UTF-8 locale.
install_locale() {
  locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' && return 0
  echo "Generating the de_DE.UTF-8 locale" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | "${sudo[@]}" tee -a /etc/locale.gen > /dev/null
  "${sudo[@]}" locale-gen > /dev/null
}

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  local optional=()
  for p in "${optional_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || optional+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then install_locale; return 0; fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  if [ ${#optional[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${optional[*]}" >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${optional[@]}" ||
      echo "run.sh: ${optional[*]} could not be installed; clang-tidy 14 checks instead (slower)" >&2
  fi
  install_locale
}

build() {
  cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
  cmake --build "$build_dir" -j2
}

case "${1:-}" in
  demo)
    install_packages
    build
    GDPR_BIN="$build_dir/cli/gdpr" bash "$here/examples/demo.sh"
    ;;
  test)
    # Each phase says how long it took (CI's budget: docs/hardening.md).
    started=$SECONDS
    phase() { echo "run.sh: $1 done after $((SECONDS - started)) s" >&2; }
    install_packages
    build
    phase build
    ctest --test-dir "$build_dir" --output-on-failure -j2
    phase tests
    # The whole suite once more with AddressSanitizer + UndefinedBehaviorSanitizer (any report
    # fails), in one clang build that also makes the fuzz targets libFuzzer binaries: the suite
    # and the fuzzers share its compile (docs/hardening.md).
    sanitize_dir=${GDPR_SANITIZE_BUILD_DIR:-$here/build-asan}
    CC=clang CXX=clang++ cmake -S "$here" -B "$sanitize_dir" -DCMAKE_BUILD_TYPE=Debug \
      "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" "-DCMAKE_C_FLAGS_DEBUG=-g -O1" -DGDPR_FUZZ=ON >/dev/null
    cmake --build "$sanitize_dir" -j2
    ctest --test-dir "$sanitize_dir" --output-on-failure -j2
    phase sanitized
    # libFuzzer targets of that build, each for a bounded time; a finding fails the run.
    bash "$here/tests/fuzz/run.sh" "$sanitize_dir" "${GDPR_FUZZ_SECONDS:-60}"
    phase fuzz
    # clang-tidy over lib/ and cli/ (.clang-tidy): zero findings.
    bash "$here/scripts/tidy.sh" "${GDPR_TIDY_BUILD_DIR:-$here/build-tidy}"
    phase clang-tidy
    ;;
  build)
    install_packages
    build
    ;;
  *)
    echo "usage: bash scripts/run.sh demo|test|build" >&2
    exit 2
    ;;
esac
