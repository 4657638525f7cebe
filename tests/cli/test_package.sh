# `cmake --install` puts everything in its standard place, and `cpack -G DEB` builds a package
# whose Depends are the Debian packages of the libraries the binary links; the packaged gdpr runs.
source "$(dirname "$0")/common.sh"
: "${GDPR_BUILD_DIR:?}"
cmake --install "$GDPR_BUILD_DIR" --prefix "$T/prefix" > "$T/install.log" || fail "cmake --install failed"
for f in bin/gdpr share/man/man1/gdpr.1 share/bash-completion/completions/gdpr share/zsh/vendor-completions/_gdpr \
         share/fish/vendor_completions.d/gdpr.fish share/doc/gdpr/examples/demo.sh share/doc/gdpr/examples/cron/gdpr-remind \
         share/doc/gdpr/examples/hooks/jet_sqlite.py share/doc/gdpr/audit.md share/doc/gdpr/README.md; do
  [ -e "$T/prefix/$f" ] || fail "not installed: $f"
done
[ -x "$T/prefix/share/doc/gdpr/examples/cron/gdpr-remind" ] || fail "example scripts lost their execute bit"

(cd "$T" && cpack -G DEB --config "$GDPR_BUILD_DIR/CPackConfig.cmake" -B "$T/pkg" > "$T/cpack.log" 2>&1) ||
  { cat "$T/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$T"/pkg/gdpr_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libsqlite3-0 libssl3 libfmt9 libtomlplusplus3 libstdc++6 libc6; do
  echo "$depends" | grep -q "\b$lib\b" || fail "Depends lacks $lib: $depends"
done
# libpq5 is loaded only for a PostgreSQL database (and libcrypto when gdpr first hashes, hence
# libssl3 above although the binary does not link it)
[ "$(dpkg-deb -f "$deb" Recommends)" = libpq5 ] || fail "Recommends is not libpq5: $(dpkg-deb -f "$deb" Recommends)"
# every dependency is a real, installed Debian package
for pkg in $(echo "$depends" | tr ',' '\n' | sed 's/(.*)//; s/|.*//' | tr -d ' '); do
  dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q "install ok installed" || fail "dependency $pkg is not a Debian package here"
done
dpkg-deb -c "$deb" > "$T/contents"
for f in ./usr/bin/gdpr ./usr/share/man/man1/gdpr.1 ./usr/share/bash-completion/completions/gdpr \
         ./usr/share/locale/de/LC_MESSAGES/gdpr.mo ./usr/lib/systemd/system/gdpr-worker.service; do
  grep -q " $f\$" "$T/contents" || fail "package lacks $f"
done
# install it into a root of its own and run the packaged binary
dpkg -x "$deb" "$T/root"
"$T/root/usr/bin/gdpr" --version > "$T/out" || fail "the packaged gdpr does not run"
expect_stdout "gdpr 0.1.0"
# the worker's unit runs the packaged binary's `worker`, which exists
grep -qx 'ExecStart=/usr/bin/gdpr worker' "$T/root/usr/lib/systemd/system/gdpr-worker.service" || fail "unit's ExecStart"
"$T/root/usr/bin/gdpr" worker --help > "$T/out" || fail "the packaged gdpr has no worker command"
# and systemd finds nothing wrong with it (beyond the binary and man page not installed here)
unit="$T/root/usr/lib/systemd/system/gdpr-worker.service"
if command -v systemd-analyze > /dev/null; then
  systemd-analyze verify "$unit" > "$T/verify" 2>&1 || true
  if grep -v -e 'Command /usr/bin/gdpr is not executable' -e "Command 'man gdpr(1)' failed" "$T/verify" | grep -q .; then
    fail "systemd-analyze verify: $(cat "$T/verify")"
  fi
fi
GDPR_DB="$T/pkg.db" "$T/root/usr/bin/gdpr" init > /dev/null || fail "the packaged gdpr cannot init"
# The packaged binary speaks German wherever the package was unpacked: its catalogue is found next
# to it (PREFIX/share/locale), by the locale and by the configuration's `language`.
unset GDPR_LOCALEDIR
LANG=de_AT.UTF-8 GDPR_DB="$T/pkg.db" "$T/root/usr/bin/gdpr" review > "$T/out" 2> "$T/err" || fail "review: $(cat "$T/err")"
LANG=de_AT.UTF-8 GDPR_DB="$T/none.db" "$T/root/usr/bin/gdpr" review > "$T/out" 2> "$T/err" && fail "review of no database"
expect_stderr "existiert nicht"
printf 'language = "de"\n' > "$T/de.toml"
LANG=C.UTF-8 GDPR_CONFIG="$T/de.toml" GDPR_DB="$T/none.db" "$T/root/usr/bin/gdpr" review > "$T/out" 2> "$T/err" &&
  fail "review of no database"
expect_stderr "existiert nicht"
LANG=de_AT.UTF-8 "$T/root/usr/bin/gdpr" --help > "$T/out" || fail "German --help"
expect_stdout "Befehle"
pass
