# Hostile input (issue #7): every bad reason, id, CSV, config, database and date is refused with a
# clear message and the right exit code, and the database is left exactly as it was.
source "$(dirname "$0")/common.sh"
setup_contact c-1
gdpr contact add c-2 name=Erika > /dev/null
gdpr --as alice request c-2 --reason "Customer asked in writing to erase all data" --clarified -q > /dev/null
snapshot

# --- reasons: empty, blank, 1 MB, more than 1 MiB on stdin, invalid UTF-8, escape sequences
req() { expect_exit 2 --as alice request c-1 --clarified "$@"; }
req --reason ""
expect_stderr "reason is empty"
req --reason $' \t\n  '
expect_stderr "reason is empty"
head -c 1000000 /dev/zero | tr '\0' x > "$T/1mb.txt"
STDIN="$T/1mb.txt" req --reason -
expect_stderr "reason is too long: 1000000 characters, at most 2000 allowed (reason.max_length)"
head -c 1048577 /dev/zero | tr '\0' x > "$T/over-1mib.txt"
STDIN="$T/over-1mib.txt" req --reason -
expect_stderr "stdin holds more than 1 MiB"
req --reason $'Customer asked \xc3\x28 in writing'
expect_stderr "reason is not valid UTF-8"
req --reason $'Customer asked \xff\xfe in writing'
expect_stderr "reason is not valid UTF-8"
req --reason $'Customer asked \e[31min writing'
expect_stderr "reason contains control characters"
# the same rule for a rejection and a comment by a reviewer
STDIN="$T/1mb.txt" expect_exit 2 --as bob reject 1 --reason -
expect_stderr "reason is too long: 1000000 characters"
expect_exit 2 --as bob reject 1 --reason $'bad \xc3\x28 UTF-8 in a rejection'
expect_stderr "not valid UTF-8"
expect_exit 2 --as bob review 1 --comment $'\x01\x02'
expect_stderr "control characters"
expect_unchanged

# --- ids: control characters, 129 characters
for id in $'c\x01x' $'c\nx' $'c\tx' $'c\e[2Jx' $'c\x7fx'; do
  expect_exit 2 contact add "$id" name=X
  expect_stderr "contact id contains control characters"
  expect_exit 2 --as alice request "$id" --reason "Customer asked in writing to erase" --clarified
  expect_stderr "contact id contains control characters"
done
long=$(head -c 129 /dev/zero | tr '\0' a)
expect_exit 2 contact add "$long" name=X
expect_stderr "contact id is 129 characters long; at most 128 are allowed"
expect_exit 2 block "$long" all-mail
expect_stderr "at most 128 are allowed"
expect_exit 2 contact add $'c-\xc3\x28' name=X
expect_stderr "not valid UTF-8"
expect_unchanged

# --- ids with C1 or bidirectional controls, or 129 characters of umlauts: refused by every
# command that takes an id (SPEC §3), by import naming the line; the database stays as it was
c1_csi=$'c-\xc2\x9b2J'       # U+009B, the 8-bit CSI
nel=$'c-\xc2\x85x'           # U+0085, NEXT LINE
rlo=$'K-1\xe2\x80\xae2001'   # U+202E RIGHT-TO-LEFT OVERRIDE: shows as K-11002
lri=$'\xe2\x81\xa6c-1'       # U+2066 LEFT-TO-RIGHT ISOLATE
alm=$'c-\xd8\x9c1'           # U+061C ARABIC LETTER MARK
lrm=$'c-1\xe2\x80\x8e'       # U+200E LEFT-TO-RIGHT MARK
umlauts=$(printf 'ü%.0s' $(seq 129))
for id in "$c1_csi" "$nel"; do
  for cmd in "contact add" "contact show" "block" "unblock" "print-sheet" "request"; do
    extra=()
    case $cmd in
      "contact add") extra=(name=X) ;;
      block | unblock) extra=(all-mail) ;;
      request) extra=(--reason "Customer asked in writing to erase" --clarified) ;;
    esac
    # shellcheck disable=SC2086
    expect_exit 2 --as alice $cmd "$id" "${extra[@]}"
    expect_stderr "contact id contains control characters (U+0"
    expect_stderr "at character 3; tabs, line breaks, escape sequences, ...); they are not allowed"
  done
done
for id in "$rlo" "$lri" "$alm" "$lrm"; do
  for cmd in "contact add" "contact show" "block" "print-sheet" "request"; do
    extra=()
    case $cmd in
      "contact add") extra=(name=X) ;;
      block) extra=(all-mail) ;;
      request) extra=(--reason "Customer asked in writing to erase" --clarified) ;;
    esac
    # shellcheck disable=SC2086
    expect_exit 2 --as alice $cmd "$id" "${extra[@]}"
    expect_stderr "contact id contains a bidirectional control character (U+"
    expect_stderr "it would make the id look like another, and it is not allowed"
  done
done
expect_exit 2 contact add "$rlo" name=X
expect_stderr "contact id contains a bidirectional control character (U+202E at character 4); it would make the id look like another, and it is not allowed"
expect_exit 2 contact add "$umlauts" name=X
expect_stderr "contact id is 129 characters long; at most 128 are allowed"
expect_exit 2 contact show "$umlauts"
expect_stderr "contact id is 129 characters long; at most 128 are allowed"
expect_unchanged
expect_exit 0 contact add "${umlauts%ü}" name=Limit   # 128 characters (256 bytes) are fine
expect_exit 0 contact show "${umlauts%ü}"
snapshot
printf 'id,name\nok-1,Fine\n%s,Evil\nok-2,Fine\n' "$rlo" > "$T/bidi.csv"
expect_exit 2 contact import "$T/bidi.csv"
expect_stderr "bidi.csv:3: column 'id': contact id contains a bidirectional control character (U+202E at character 4)"
expect_stderr "nothing was imported"
printf 'id,name\nok-1,Fine\nok-2,Fine\n%s,Evil\n' "$c1_csi" > "$T/c1.csv"
expect_exit 2 contact import "$T/c1.csv"
expect_stderr "c1.csv:4: column 'id': contact id contains control characters (U+009B at character 3"
printf 'id,name\n%s,Long\n' "$umlauts" > "$T/long.csv"
expect_exit 2 contact import "$T/long.csv" --dry-run
expect_stderr "long.csv:2: column 'id': contact id is 129 characters long; at most 128 are allowed"
expect_unchanged
expect_exit 0 audit --verify
expect_stdout "Audit chain OK"

# --- ids with shell and SQL metacharacters are just text: stored and shown verbatim, never run
make_logging_hook
systems_config crm
policy_apply
ids=("'; DROP TABLE contacts; --" "\$(touch $T/pwned-dollar)" "\`touch $T/pwned-backtick\`" 'a"b' '%s%n%x' '../../etc/passwd' 'x; rm -rf /')
for id in "${ids[@]}"; do
  expect_exit 0 contact add "$id" name=Meta
  expect_exit 0 --as alice request "$id" --reason "Customer asked in writing to erase" --clarified -q
  rid=$(cat "$T/out")
  expect_exit 0 contact show "$id" --format json
  ID="$id" expect_json 'd["id"] == __import__("os").environ["ID"] and d["status"] == "on-hold"'
  grep -qxF "GDPR_CONTACT_ID=$id" "$T/hooks/log/hold-crm-$rid.env" || fail "the hook did not get the id verbatim: $id"
done
[ ! -e "$T/pwned-dollar" ] && [ ! -e "$T/pwned-backtick" ] || fail "an id was executed by a shell"
[ "$(db_query 'SELECT count(*) FROM contacts')" = 10 ] || fail "contacts table damaged"  # 2 + 128 ü + 7
expect_exit 0 audit --verify
# --- an import sends its rows to PostgreSQL a batch at a time as array literals: ids and values
# with the literal's own characters (braces, commas, quotes, backslashes, NULL) stay text
python3 - "$T/arrays.csv" <<'PY'
import csv, sys
rows = [["id", "name", "note"],
        ["{a,b}", "{x}", 'say "hi"'], ["a\\b", "back\\slash\\", "NULL"], ['"q"', "NULL", "{}"],
        ["x,y", ",", "\\"], ["NULL", '"', "Grüße, {\"k\": 1}"], ["trail\\", "}", "{"]]
with open(sys.argv[1], "w", newline="") as f:
    csv.writer(f).writerows(rows)
PY
expect_exit 0 contact import "$T/arrays.csv"
expect_stdout "6 added"
expect_exit 0 contact list --format json
python3 - "$T/arrays.csv" "$T/out" <<'PY' || fail "an imported id or value came back changed"
import csv, json, sys
want = {r["id"]: {"name": r["name"], "note": r["note"]} for r in csv.DictReader(open(sys.argv[1], newline=""))}
got = {c["id"]: c["properties"] for c in json.load(open(sys.argv[2])) if c["id"] in want}
sys.exit(0 if got == want else print(got, want) or 1)
PY
expect_exit 0 audit --verify
write_config
snapshot
expect_exit 5 --as alice request "'; DELETE FROM contacts; --x" --reason "Customer asked in writing" --clarified
expect_stderr 'not found; `gdpr contact list` lists contacts'
expect_unchanged

# --- CSV: NUL byte, 10,000 columns, a 50 MB field; nothing is imported
printf 'id,name\nn-1,ok\nn-2,bad\000byte\n' > "$T/nul.csv"
expect_exit 2 contact import "$T/nul.csv"
expect_stderr "nul.csv:3: the line contains a NUL byte"
python3 -c 'import sys; sys.stdout.write(",".join(["id"] + ["col%d" % i for i in range(9999)]) + "\n" + ",".join(["w-1"] + ["v"] * 9999) + "\n")' > "$T/wide.csv"
expect_exit 2 contact import "$T/wide.csv"
expect_stderr "wide.csv:1: the record has more than 1000 fields"
# a 50 MB field on one line is stopped by the line limit, one spread over many lines (a quoted
# field with line breaks) by the field limit; a 2 MiB field by the field limit
{ printf 'id,note\nf-1,small\nf-2,"'; head -c 52428800 /dev/zero | tr '\0' y; printf '"\n'; } > "$T/field.csv"
expect_exit 2 contact import "$T/field.csv"
expect_stderr "field.csv:3: the line is longer than 16 MiB"
{ printf 'id,note\nf-1,small\nf-2,"'; head -c 52428800 /dev/zero | tr '\0' y | fold -w 1000; printf '"\n'; } > "$T/field-lines.csv"
expect_exit 2 contact import "$T/field-lines.csv"
expect_stderr "field-lines.csv:3: a field is longer than 1 MiB"
{ printf 'id,note\nf-1,'; head -c 2097152 /dev/zero | tr '\0' z; printf '\n'; } > "$T/field2.csv"
expect_exit 2 contact import "$T/field2.csv"
expect_stderr "field2.csv:2: a field is longer than 1 MiB"
expect_unchanged

# --- config: a directory, unreadable, huge, endless
GDPR_CONFIG="$T" expect_exit 9 review
expect_stderr "config file $T is a directory; name a TOML file"
head -c 2000000 /dev/zero | tr '\0' '#' > "$T/huge.toml"
GDPR_CONFIG="$T/huge.toml" expect_exit 9 review
expect_stderr "config file $T/huge.toml is larger than 1024 KiB"
GDPR_CONFIG=/dev/zero expect_exit 9 review
expect_stderr "config file /dev/zero is larger than 1024 KiB"
printf 'organization = "x"\n' > "$T/secret.toml"
chmod 000 "$T/secret.toml"
# root reads any file: run that one as an unprivileged user
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$T"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent)
fi
got=0
"${as_user[@]}" env GDPR_CONFIG="$T/secret.toml" "$GDPR_BIN" review > "$T/out" 2> "$T/err" || got=$?
[ "$got" -eq 9 ] || fail "unreadable config: exit $got, expected 9"
expect_stderr "config file $T/secret.toml cannot be read (check its permissions)"
expect_unchanged

# --- database: not a database, truncated, a directory, read-only; the file is never touched (SQLite files)
if backend_is sqlite; then
  echo "hello, I am a text file" > "$T/text.db"
  cp "$T/text.db" "$T/text.db.orig"
  expect_exit 9 --db "$T/text.db" review
  expect_stderr "text.db is not a gdpr database (not an SQLite file)"
  expect_exit 9 --db "$T/text.db" contact add x name=X
  cmp -s "$T/text.db" "$T/text.db.orig" || fail "a text file given as --db was changed"
  sqlite3 "$GDPR_DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
  cp "$GDPR_DB" "$T/cut.db"
  truncate -s 5000 "$T/cut.db"
  cp "$T/cut.db" "$T/cut.db.orig"
  expect_exit 9 --db "$T/cut.db" review
  expect_stderr "cut.db is damaged"
  expect_stderr "restore it from a backup"
  expect_exit 9 --db "$T/cut.db" contact add x name=X
  cmp -s "$T/cut.db" "$T/cut.db.orig" || fail "a truncated database was changed"
  mkdir "$T/dir.db"
  expect_exit 9 --db "$T/dir.db" review
  expect_stderr "dir.db"
  cp "$GDPR_DB" "$T/ro.db"
  chmod 444 "$T/ro.db"
  snapshot ro
  got=0
  "${as_user[@]}" env GDPR_CONFIG="$GDPR_CONFIG" "$GDPR_BIN" --db "$T/ro.db" contact add r-1 name=X > "$T/out" 2> "$T/err" || got=$?
  [ "$got" -eq 9 ] || fail "read-only database: exit $got, expected 9"
  expect_stderr "ro.db cannot be written"
  expect_stderr "check file and folder permissions"
  GDPR_DB="$T/ro.db" expect_unchanged ro
  expect_unchanged
fi

# --- output that cannot be written (a full disk) is an error, not a silently truncated export
for args in "contact list --format csv" "contact list --format json" "contact list" "review --all --format json" \
            "audit --format json" "print-sheet c-1"; do
  got=0
  # shellcheck disable=SC2086
  "$GDPR_BIN" $args > /dev/full 2> "$T/err" || got=$?
  [ "$got" -eq 9 ] || fail "gdpr $args > /dev/full exited $got, expected 9"
  expect_stderr "cannot write the output: No space left on device"
done
expect_unchanged

# --- --received: every malformed form
for bad in "" " " 2026-02-30 2026-13-01 2026-00-01 2026-01-00 29/11/2026 2026/11/29 2026-1-5 26-11-29 \
           +2026-11-29 2026-11-29x " 2026-11-29" 2026-11-29T10:00 yesterday "２０２６-11-29" 1899-12-31 \
           9999-99-99 $'2026-11-29\n' 2026-11-2 -2026-11-29; do
  req --reason "Customer asked in writing" --received "$bad"
  expect_stderr "--received '$bad' is not a valid date: use YYYY-MM-DD"
done
req --reason "Customer asked in writing" --received 2099-01-01
expect_stderr "is in the future"
expect_unchanged

# --- an export that fails while the rows still come (PostgreSQL streams them as the server sends
# them): a clear error at once, and the next export is whole
python3 -c 'import sys; sys.stdout.write("id,name,email\n" + "".join("s-%d,Name %d,s%d@example.org\n" % (i, i, i) for i in range(20000)))' > "$T/many.csv"
expect_exit 0 contact import "$T/many.csv"
for args in "contact list --format csv" "contact list --format json"; do
  got=0
  # shellcheck disable=SC2086
  timeout 60 "$GDPR_BIN" $args > /dev/full 2> "$T/err" || got=$?
  [ "$got" -eq 9 ] || fail "gdpr $args > /dev/full with 20,000 rows exited $got, expected 9"
  expect_stderr "cannot write the output: No space left on device"
done
expect_exit 0 contact list --format csv
[ "$(grep -c '^s-' "$T/out")" = 20000 ] || fail "the export after a failed one is not whole"
pass
