# Colour only on a terminal (--color, NO_COLOR); a progress line for long imports on a terminal
# only; tables aligned by display width (umlauts, CJK).
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
esc=$(printf '\033[')
tty_shell() { script -qec "$1" /dev/null > "$T/out" 2>&1 || true; }

# errors: red on a terminal, plain when piped, plain with NO_COLOR or --color never
tty_shell "'$GDPR_BIN' contact show nobody"
grep -qF "${esc}1;31mgdpr: error:${esc}0m contact 'nobody' not found" "$T/out" || fail "no colour on a terminal"
tty_shell "NO_COLOR=1 '$GDPR_BIN' contact show nobody"
! grep -qF "$esc" "$T/out" || fail "colour despite NO_COLOR"
tty_shell "'$GDPR_BIN' --color never contact show nobody"
! grep -qF "$esc" "$T/out" || fail "colour despite --color never"
expect_exit 5 contact show nobody
! grep -qF "$esc" "$T/err" || fail "colour in a pipe"
expect_exit 5 --color always contact show nobody
grep -qF "${esc}1;31mgdpr: error:" "$T/err" || fail "--color always gave no colour"
expect_exit 0 audit --verify
! grep -qF "$esc" "$T/out" || fail "colour on stdout in a pipe"

# progress for a long import on a terminal only
python3 -c '
import sys
print("id;name;city")
for i in range(25000): print(f"k-{i};Name {i};Wien")' > "$T/big.csv"
tty_shell "'$GDPR_BIN' contact import '$T/big.csv'"
grep -qF "Importing $T/big.csv: 20000 rows ..." "$T/out" || fail "no progress line on a terminal"
expect_stdout "25000 rows: 25000 added"
expect_exit 0 contact import "$T/big.csv"
! grep -q "Importing" "$T/err" || fail "progress line without a terminal"

# tables are aligned by display width
gdpr contact add 日本-1 'name=山田 太郎' > /dev/null
gdpr contact add ü-2 'name=Jürgen' > /dev/null
expect_exit 0 contact list --status active --limit 100000
line_cjk=$(grep '^日本-1' "$T/out")
line_uml=$(grep '^ü-2' "$T/out")
col() { python3 -c 'import sys, unicodedata as u
s = sys.argv[1]; i = s.index("active")
print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in s[:i]))' "$1"; }
[ "$(col "$line_cjk")" = "$(col "$line_uml")" ] || fail "columns not aligned: [$line_cjk] [$line_uml]"
pass
