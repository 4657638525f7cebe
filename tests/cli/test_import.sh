# contact import: a German Excel export imports as is; a malformed file imports nothing and
# names the line; upsert counts; --dry-run, --id-column, --delimiter, stdin.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
gdpr contact add K-1 'Name=Old Name' > /dev/null

# German Excel "CSV UTF-8 (durch Trennzeichen getrennt)": BOM, CRLF, semicolons, decimal commas.
printf '\xef\xbb\xbfid;Name;E-Mail;Umsatz;Notiz\r\nK-1;Max Müller;max@example.com;1.234,50;"Zeile 1\r\nZeile 2"\r\nK-2;Jürgen Groß;j@example.de;0,00;\r\nK-3;"Weiß; Anna";a@example.at;12,5;"Sagt ""Hallo"""\r\n' > "$T/excel.csv"
expect_exit 0 contact import "$T/excel.csv"
expect_stdout "3 rows: 2 added, 1 updated, 0 unchanged, 0 skipped"
expect_exit 0 contact show K-3 --format json
expect_json 'd["properties"] == {"Name": "Weiß; Anna", "E-Mail": "a@example.at", "Umsatz": "12,5", "Notiz": "Sagt \"Hallo\""}'
expect_exit 0 contact show K-1 --format json
expect_json 'd["properties"]["Name"] == "Max Müller" and d["properties"]["Notiz"] == "Zeile 1\r\nZeile 2"'
expect_exit 0 contact import "$T/excel.csv" --format json
expect_json 'd["unchanged"] == 3 and d["added"] == 0'

# every malformed file: exit 2, the line named, nothing imported
snapshot
check_bad() {  # check_bad FILE-CONTENT EXPECTED-MESSAGE
  printf "$1" > "$T/bad.csv"
  expect_exit 2 contact import "$T/bad.csv"
  expect_stderr "$2"
  expect_stderr "nothing was imported"
  expect_unchanged
}
check_bad 'id,name\nK-9,New\nK-1,Changed\nK-10,"open\nK-11,x\n' "bad.csv:4: a quoted field is not closed"
check_bad 'id,name\nK-9,New\nK-10,x,y\n' "bad.csv:3: 3 fields, but the header row has 2"
check_bad 'id,name\nK-9,M\xfcller\n' "bad.csv:2: field 2 is not valid UTF-8"
check_bad 'id,name\nK-9,a\nK-8,c\nK-9,b\n' "bad.csv:4: the contact id of this line appears again (first on line 2)"
check_bad 'id,name\nK-1,a\nK-8,c\nK-1,b\n' "bad.csv:4: the contact id of this line appears again (first on line 2)"  # an existing id
check_bad 'id,name\nK-9,"two\nlines"\nK-9,b\n' "bad.csv:4: the contact id of this line appears again (first on line 2)"
# far apart (another batch of the import), and from stdin, which cannot be read again for the first line
python3 -c 'import sys; sys.stdout.write("id,name\n" + "".join("D-%d,x\n" % i for i in range(2500)) + "D-7,again\n")' > "$T/far.csv"
expect_exit 2 contact import "$T/far.csv"
expect_stderr "far.csv:2502: the contact id of this line appears again (first on line 9); nothing was imported"
expect_unchanged
STDIN="$T/far.csv" expect_exit 2 contact import -   # stdin redirected from a file: read again
expect_stderr "stdin:2502: the contact id of this line appears again (first on line 9); nothing was imported"
got=0
cat "$T/far.csv" | "$GDPR_BIN" contact import - > "$T/out" 2> "$T/err" || got=$?
[ "$got" -eq 2 ] || fail "a duplicate id through a pipe: exit $got, expected 2"
expect_stderr "stdin:2502: the contact id of this line appears on an earlier line too; nothing was imported"
expect_unchanged
check_bad 'Kundennr,name\nK-9,a\n' "bad.csv:1: no id column 'id' in the header (columns: Kundennr, name)"
check_bad 'id,name\nK-9,a"b\n' "bad.csv:2: malformed CSV"
check_bad 'id,name\n,a\n' "bad.csv:2: column 'id': contact id is empty"
check_bad 'id,name,name\nK-9,a,b\n' "bad.csv:1: the header names column 'name' twice"
check_bad 'id,name\nK-9,a\x00b\n' "bad.csv:2: the line contains a NUL byte"
: > "$T/bad.csv"
expect_exit 2 contact import "$T/bad.csv"
expect_stderr "the file is empty"
expect_exit 2 contact import "$T/nope.csv"
expect_stderr "cannot read $T/nope.csv"
expect_exit 2 contact import "$T/excel.csv" --delimiter '|'
expect_unchanged

# --dry-run counts but saves nothing
printf 'Kundennr\tname\nK-20\tNeu\n' > "$T/tab.csv"
expect_exit 0 contact import "$T/tab.csv" --id-column Kundennr --dry-run
expect_stdout "Dry run, nothing saved"
expect_stdout "1 added"
expect_unchanged
STDIN="$T/tab.csv" expect_exit 0 contact import - --id-column kundennr --delimiter tab
expect_exit 0 contact show K-20

# Values with a tab, line breaks, backslashes and COPY's NULL marker \N come back as they were:
# PostgreSQL's import sends the search index through COPY and its listing comes through COPY.
printf 'id;Notiz;Pfad\nK-30;"a\tb\\N\r\nc";\\N\nK-31;\\\\x;C:\\Kunden\\t\n' > "$T/raw.csv"
expect_exit 0 contact import "$T/raw.csv"
expect_exit 0 --format json contact list
expect_json '[c["properties"] for c in d if c["id"] in ("K-30", "K-31")] == [{"Notiz": "a\tb\\N\r\nc", "Pfad": "\\N"}, {"Notiz": "\\\\x", "Pfad": "C:\\Kunden\\t"}]'
expect_exit 0 --format csv contact list
python3 - "$T/out" <<'PY' || fail "the CSV listing lost a value with a tab, a line break or a backslash"
import csv, sys
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert rows["K-30"]["Notiz"] == "a\tb\\N\r\nc" and rows["K-30"]["Pfad"] == "\\N", rows["K-30"]
assert rows["K-31"]["Notiz"] == "\\\\x" and rows["K-31"]["Pfad"] == "C:\\Kunden\\t", rows["K-31"]
PY
expect_exit 0 contact find 'kunden'
expect_stdout "K-31"
pass
