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
pass
