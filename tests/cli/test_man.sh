# The man page is generated from docs/gdpr.1.in and --help, renders with `man -l` without
# warnings, and documents every command and option the program has.
source "$(dirname "$0")/common.sh"
: "${GDPR_MAN_PAGE:?}"
[ -s "$GDPR_MAN_PAGE" ] || fail "no man page at $GDPR_MAN_PAGE"
LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$GDPR_MAN_PAGE" > "$T/out" 2> "$T/err" || fail "man failed"
[ ! -s "$T/err" ] || fail "man warnings: $(cat "$T/err")"
for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "EXIT STATUS" ENVIRONMENT FILES; do
  grep -q "^$section" "$T/out" || fail "section $section missing"
done
for cmd in "contact add" "contact import" "contact show" "contact list" block unblock request review approve reject \
           print-sheet init retry audit; do
  grep -q "^   $cmd\$" "$T/out" || fail "command '$cmd' missing"
  # shellcheck disable=SC2086
  for opt in $(gdpr $cmd --help | grep -o '^  --[a-z-]*' | grep -v -- '--help'); do
    grep -q -- "$opt" "$T/out" || fail "option $opt of '$cmd' missing"
  done
done
expect_stdout "gdpr 0.1.0"

# the German page: from the German help and its own template, every command, no English of CLI11
# or of the template left, and what `man -L de gdpr` shows where both pages are installed
man_de="$(dirname "$GDPR_MAN_PAGE")/de/gdpr.1"
[ -s "$man_de" ] || fail "no German man page at $man_de"
LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man_de" > "$T/de" 2> "$T/err" || fail "man failed on the German page"
[ ! -s "$T/err" ] || fail "man warnings on the German page: $(cat "$T/err")"
for section in NAME ÜBERSICHT BESCHREIBUNG "GLOBALE OPTIONEN" BEFEHLE EXIT-STATUS UMGEBUNG DATEIEN; do
  grep -q "^$section" "$T/de" || fail "German section $section missing"
done
for cmd in "contact add" "contact import" "contact show" "contact find" "contact list" block unblock request review \
           approve reject print-sheet letter init retry audit role migrate worker policy; do
  grep -q "^   $cmd\$" "$T/de" || fail "command '$cmd' missing from the German page"
done
for english in Options: Positionals: REQUIRED "Show this help" "Usage:" "EXIT STATUS" "unexpected internal error"; do
  ! grep -q -F -- "$english" "$T/de" || fail "English on the German page: $english"
done
grep -q "Kontakte nach ID, E-Mail-Adresse" <(tr -s ' ' < "$T/de") || fail "the German help is not on the German page"
mkdir -p "$T/man/man1" "$T/man/de/man1"
cp "$GDPR_MAN_PAGE" "$T/man/man1/gdpr.1"
cp "$man_de" "$T/man/de/man1/gdpr.1"
MANPATH="$T/man" LC_ALL=C.UTF-8 MANWIDTH=80 man -L de gdpr > "$T/out" 2> "$T/err" || fail "man -L de gdpr failed: $(cat "$T/err")"
expect_stdout "DSGVO-Löschanträge nach dem Vier-Augen-Prinzip"
MANPATH="$T/man" LC_ALL=C.UTF-8 MANWIDTH=80 man -L en gdpr > "$T/out" 2> "$T/err" || fail "man -L en gdpr failed"
expect_stdout "GDPR erasure requests under the four-eyes principle"
pass
