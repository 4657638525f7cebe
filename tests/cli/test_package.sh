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
[ -s "$T/prefix/share/man/de/man1/gdpr.1" ] || fail "not installed: the German man page"
# the installed crontab names the wrapper where this installation put it
grep -q " $T/prefix/share/doc/gdpr/examples/cron/gdpr-remind\$" "$T/prefix/share/doc/gdpr/examples/cron/crontab" ||
  fail "the installed crontab names another wrapper: $(grep gdpr-remind "$T/prefix/share/doc/gdpr/examples/cron/crontab")"

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
grep -q " ./usr/share/man/de/man1/gdpr.1$" "$T/contents" || fail "package lacks the German man page"

# Every path the docs and examples name under /usr/share/doc/gdpr is in the package.
grep -rhoE "/usr/share/doc/gdpr[^] \`\"')\\]*" "$GDPR_SOURCE_DIR/README.md" "$GDPR_SOURCE_DIR/docs" \
  "$T/root/usr/share/doc/gdpr/examples" | sed 's/[.,:;]*$//' | sort -u > "$T/paths"
[ -s "$T/paths" ] || fail "test setup: no documented path found"
while read -r path; do [ -e "$T/root$path" ] || fail "documented but not in the package: $path"; done < "$T/paths"

# The documented cron line runs the packaged wrapper as cron would (a bare environment): silent
# while nothing needs attention, one mail to the team when something does.
wrapper=$(grep -v '^#' "$T/root/usr/share/doc/gdpr/examples/cron/crontab" | grep -oE '/usr/[^ ]*gdpr-remind')
[ "$wrapper" = /usr/share/doc/gdpr/examples/cron/gdpr-remind ] || fail "the crontab names '$wrapper'"
printf '#!/bin/sh\n# mail(1) stand-in: -s SUBJECT RECIPIENT < BODY\nprintf "%%s|%%s\\n" "$2" "$3" >> "$MAIL_LOG"\n' > "$T/mail"
chmod +x "$T/mail"
cron_run() {
  env -i PATH=/usr/bin:/bin HOME="$T" MAIL_LOG="$T/mails" MAIL_COMMAND="$T/mail" GDPR_BIN="$T/root/usr/bin/gdpr" \
    GDPR_DB="$T/cron.db" GDPR_CONFIG="$T/cron.toml" GDPR_REMIND_TO=backoffice@example.com "$T/root$wrapper"
}
printf '[identity]\nallow_override = true\n[roles]\nreviewers = ["bob"]\n' > "$T/cron.toml"
pkg() { GDPR_DB="$T/cron.db" GDPR_CONFIG="$T/cron.toml" "$T/root/usr/bin/gdpr" "$@"; }
pkg init > /dev/null
pkg contact add K-1 name=Max > /dev/null
cron_run || fail "the cron wrapper failed with nothing due"
[ ! -e "$T/mails" ] || fail "mail sent while nothing was due: $(cat "$T/mails")"
pkg --as alice request K-1 --reason "Letter of the customer, asking for erasure" --clarified \
  --received "$(date -d '-40 days' +%F)" > /dev/null
cron_run || fail "the cron wrapper failed"
[ "$(cat "$T/mails")" = "GDPR: 1 deletion request(s) need attention|backoffice@example.com" ] ||
  fail "cron mail: $(cat "$T/mails")"
# a German team's crontab (LANG=de_AT.UTF-8): the subject and the reminder itself are German
rm "$T/mails"
cron_run_de() {
  env -i PATH=/usr/bin:/bin HOME="$T" LANG=de_AT.UTF-8 MAIL_LOG="$T/mails" MAIL_COMMAND="$T/mail" \
    GDPR_BIN="$T/root/usr/bin/gdpr" GDPR_DB="$T/cron.db" GDPR_CONFIG="$T/cron.toml" \
    GDPR_REMIND_TO=backoffice@example.com "$T/root$wrapper"
}
cron_run_de || fail "the cron wrapper failed under German"
[ "$(cat "$T/mails")" = "DSGVO: 1 Löschantrag braucht Aufmerksamkeit|backoffice@example.com" ] ||
  fail "German cron mail: $(cat "$T/mails")"

# The shipped hook template, from the package, runs as a linked system's hold, erase and release.
hook="$T/root/usr/share/doc/gdpr/examples/hooks/template.sh"
printf '[identity]\nallow_override = true\n[roles]\nreviewers = ["bob"]\n[[systems]]\nname = "crm"\nhold = "%s"\nrelease = "%s"\nerase = "%s"\n' \
  "$hook" "$hook" "$hook" > "$T/hooks.toml"
hk() { GDPR_DB="$T/hook.db" GDPR_CONFIG="$T/hooks.toml" "$T/root/usr/bin/gdpr" "$@"; }
hk init > /dev/null
hk contact add K-2 name=Erika email=erika@example.com > /dev/null
hk --as alice request K-2 --reason "Letter of the customer, asking for erasure" --clarified > "$T/out" 2> "$T/err" ||
  fail "request with the shipped hook: $(cat "$T/err")"
hk --as bob approve 1 --yes > "$T/out" 2> "$T/err" || fail "approve with the shipped hook: $(cat "$T/err")"
expect_stdout "erased"
pass
