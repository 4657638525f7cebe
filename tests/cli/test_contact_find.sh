# contact find (SPEC §12): by e-mail, name, id or any value, ignoring case and accents, where a
# word starts; text and JSON; --limit; bad input; an import and an update keep the index true, and
# an erased contact is never found by a former value, nor does the index keep one.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
gdpr contact add K-1001 'Vorname=Jürgen' 'Nachname=Groß' 'EMail=juergen.gross@gmx.at' 'Ort=Wien' > /dev/null
gdpr contact add K-1002 'Vorname=Anna' 'Nachname=Gross' 'EMail=anna.gross@example.com' > /dev/null
printf 'id;Vorname;Nachname;EMail;Ort\nK-1003;Zoë;Ångström;zoe@example.org;Linz\nK-1004;Max;Müller;max@example.org;Graz\n' > "$T/more.csv"
gdpr contact import "$T/more.csv" > /dev/null

expect_exit 0 contact find "juergen.gross@GMX.at "
expect_stdout "K-1001  active"
! grep -q "K-1002" "$T/out" || fail "found another Gross for the whole e-mail"
expect_exit 0 contact find "Jürgen Groß" --format json
expect_json '[c["id"] for c in d] == ["K-1001"] and d[0]["properties"]["EMail"] == "juergen.gross@gmx.at"'
expect_exit 0 contact find GROSS --format json
expect_json '[c["id"] for c in d] == ["K-1001", "K-1002"]'
expect_exit 0 contact find "zoe angstrom" --format json
expect_json '[c["id"] for c in d] == ["K-1003"]'
expect_exit 0 contact find "MUELLER" --format json
expect_json '[c["id"] for c in d] == ["K-1004"]'
expect_exit 0 contact find k-1004 --format json
expect_json '[c["id"] for c in d] == ["K-1004"]'
expect_exit 0 contact find "example.org" --format json
expect_json '[c["id"] for c in d] == ["K-1003", "K-1004"]'
expect_exit 0 contact find "example.org" --limit 1 --format json
expect_json '[c["id"] for c in d] == ["K-1003"]'
expect_stderr "More contacts match; the first 1 are shown"
# not where a word starts: "ross" is no word of "Gross"
expect_exit 0 contact find ross
expect_stderr "No contacts match."
expect_exit 0 contact find ross --format json
expect_json 'd == []'

# bad input: a clear error, exit 2, nothing changed
snapshot
expect_exit 2 contact find "   "
expect_stderr "the search text is empty: give an id, an e-mail or a name"
expect_exit 2 contact find "x-1"
expect_stderr "'x-1' has no word of two letters or five digits and is no contact's id"
expect_exit 2 contact find gross --limit 0
expect_stderr "--limit must be at least 1"
expect_exit 2 contact find gross --limit abc
expect_exit 2 contact find
expect_exit 2 contact find gross --format csv
# hostile text is a value to look for, shown inert
expect_exit 2 contact find "$(printf '\033[H')"
expect_stderr '\x1b[H'
expect_exit 0 contact find "'; DROP TABLE contacts; --" --format json
expect_json 'd == []'
expect_unchanged

# an update takes the old words out of the index and puts the new ones in
gdpr contact add K-1002 'Nachname=Berger' 'EMail=anna.berger@example.com' > /dev/null
expect_exit 0 contact find gross --format json
expect_json '[c["id"] for c in d] == ["K-1001"]'
expect_exit 0 contact find berger --format json
expect_json '[c["id"] for c in d] == ["K-1002"]'

# erased: never found by a former value, and no term of it is left
gdpr --as alice request K-1001 --reason "Customer asked in writing to erase all data" --clarified > /dev/null
expect_exit 0 contact find juergen --format json   # on hold is still found
expect_json '[(c["id"], c["status"]) for c in d] == [("K-1001", "on-hold")]'
gdpr --as bob approve 1 --yes > /dev/null
for text in juergen "juergen.gross@gmx.at" K-1001 wien; do
  expect_exit 0 contact find "$text" --format json
  expect_json 'd == []'
done
[ "$(db_query "SELECT count(*) FROM contact_terms WHERE term IN ('juergen', 'jurgen', 'wien', 'gross')")" = 0 ] ||
  fail "a word of the erased contact is still in the index"
# K-1001 was added first: its offset 1 is in no row (a shared word such as "gmx" lost only it)
[ "$(db_query "SELECT count(*) FROM contact_terms WHERE ',' || members || ',' LIKE '%,1,%'")" = 0 ] ||
  fail "the erased contact is still a member of a row"
expect_exit 0 audit --verify
pass
