# SPEC §10 end to end: legal due dates (Reg. 1182/71, AT holidays by default, the weekend also with
# holidays = "none"), a late filing warns, --extend only in time, reject --retain-until keeps the
# contact restricted and the cron check names it after the date, and gdpr letter for each kind,
# both languages, every format, each one letter.issued event; review --extend --letter in one
# transaction; a German sheet (text and Markdown) holds no English text of the catalogue.
source "$(dirname "$0")/common.sh"
legal_due() { python3 "$GDPR_SOURCE_DIR/tests/cli/legal_due.py" "$@"; }
# no_english FILE WHAT: fails when the German sheet in FILE holds an English text of the catalogue:
# every msgid of the sheet's sources (sheet, labels, paper) that German translates differently,
# cut at its {} placeholders, pieces of 4 letters and more; plus words a reader would spot (the
# users' own words taken out).
no_english() {
  python3 - "$1" "$GDPR_SOURCE_DIR/po/de.po" <<'PY' || fail "English words on the German sheet ($2)"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for typed in ["Customer asked in writing to erase all data", "Several linked systems to check"]:  # the users' own words
    text = text.replace(typed, "")
english = {"Customer", "sheet", "Contact id", "Status: on", "all mailings", "Deletion request", "Request:",
           "Requested by", "Received", "Due:", "pending", "extended", "Printed", "Reviewed by", "Filed by",
           "Signature", "Date:", "page", " of ", " on ", " by "}
def unquote(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)
for entry in open(sys.argv[2], encoding="utf-8").read().split("\n\n"):
    refs = " ".join(re.findall(r"^#: (.*)$", entry, re.M))
    if not re.search(r"lib/gdpr/(sheet|labels|paper)\.cpp", refs):
        continue
    msgid = unquote("".join(re.findall(r'^msgid "(.*)"$', entry, re.M)))
    msgstr = unquote("".join(re.findall(r'^msgstr "(.*)"$', entry, re.M)))
    for piece in re.split(r"\{[^}]*\}", msgid):
        piece = piece.strip(" :·()\n")
        if len(re.findall(r"[A-Za-z]", piece)) >= 4 and piece not in msgstr:
            english.add(piece)
found = sorted(w for w in english if w in text)
sys.exit("found: %s" % found if found else 0)
PY
}
gdpr init > /dev/null
for c in k-1 k-2 k-3 k-4 k-5 k-6 k-7; do
  gdpr contact add "$c" "Vorname=Max" "Nachname=Müller $c" "Straße=Am Markt 5" PLZ=1010 Ort=Wien \
    "email=$c@example.com" > /dev/null
done
file() { gdpr --as alice request "$1" --reason "Customer asked in writing to erase all data" --clarified --received "$2" -q; }

# due dates: 28 February 2026 is a Saturday, 25 December a holiday followed by Stefanitag and a Sunday
expect_exit 0 --as alice request k-1 --reason "Customer asked in writing to erase all data" --clarified --received 2026-01-31
expect_stdout "due 2026-03-02"
expect_stderr "its deadline of 2026-03-02 has already passed"
expect_exit 0 review 1 --format json
expect_json 'd["due_on"] == "2026-03-02" and d["received_on"] == "2026-01-31"'
[ "$(legal_due 2026-11-25 1)" = 2026-12-28 ] || fail "the oracle disagrees"
file k-2 2026-11-25 > /dev/null
expect_exit 0 review 2 --format json
expect_json 'd["due_on"] == "2026-12-28"'

# --extend after the due date: exit 6, nothing changed
snapshot
expect_exit 6 --as bob review 1 --extend --reason "Several linked systems to check"
expect_stderr "Art. 12(3) allows an extension only within the first period"
expect_unchanged

# reject --retain-until: restricted, not mailable, all-mail stays blocked
expect_exit 2 --as bob reject 2 --reason "Open invoice: § 132 BAO retention" --retain-until 31/12/2033
expect_exit 2 --as bob reject 2 --reason "Open invoice: § 132 BAO retention" --retain-until 2033-12-31 --lift-block
expect_exit 2 --as bob reject 2 --reason "Open invoice: § 132 BAO retention" --retain-until "$(date +%F)"
expect_unchanged
expect_exit 0 --as bob reject 2 --reason "Open invoice: § 132 BAO retention" --retain-until 2033-12-31
expect_stdout "stays restricted"
expect_exit 0 contact show k-2 --format json
expect_json 'd["status"] == "restricted" and "all-mail" in d["blocks"]'
expect_exit 0 contact list --mailable --format csv
! grep -q "^k-2," "$T/out" || fail "a restricted contact is mailable"
expect_exit 6 unblock k-2 all-mail
# the sheet of the restricted contact, printed by its id, shows the rejection that keeps it
expect_exit 0 --as bob print-sheet k-2 --format json
expect_json 'd["request"]["id"] == 2 and d["request"]["retain_until"] == "2033-12-31" and d["request"]["state"] == "rejected"'
LANG=de_DE.UTF-8 expect_exit 0 --as bob print-sheet k-2
expect_stdout "31.12.2033"
# before the date the retained request is no reminder (request 1, overdue, is: exit 3)
expect_exit 3 review --remind --format json
expect_json '[r["id"] for r in d] == [1]'
retained=2033-12-31
if backend_is sqlite; then
  retained=$(date -d yesterday +%F)
  # the day after the date (the stored date moved back: the tests cannot move the clock)
  db_query "UPDATE requests SET retain_until = '$(date -d yesterday +%F)' WHERE id = 2"
  expect_exit 3 review --remind
  expect_stdout "request 2 (contact k-2, restricted): retention ended on $(date -d yesterday +%F)"
fi
# a new request erases it
file k-2 "$(date +%F)" > /dev/null
expect_exit 0 --as bob approve 3 --yes
expect_exit 0 contact show k-2 --format json
expect_json 'd["status"] == "erased"'

# letters: the refusal (with the authority and the judicial remedy), the confirmation, the extension
expect_exit 0 --as bob letter 2
expect_stdout "(Art. 77 GDPR)"
expect_stdout "Barichgasse 40-42"
expect_stdout "(Art. 79 GDPR)"
expect_stdout "keep your data until $retained"
expect_exit 0 --as bob letter 3 --format markdown
expect_stdout "confirmation"
file k-4 "$(date +%F)" > /dev/null
# the extension with its notice, in one transaction: a notice that cannot be written extends nothing
expect_exit 2 --as bob review 4 --letter "$T/frist.md"
expect_stderr "--letter goes with --extend"
snapshot 3
expect_exit 2 --as bob review 4 --extend --reason "Several linked systems to check" --letter "$T/no-such-folder/frist.md"
expect_stderr "cannot write $T/no-such-folder/frist.md"
expect_unchanged 3
expect_exit 0 --as bob review 4 --extend --reason "Several linked systems to check" --letter "$T/frist.md"
expect_stderr "Wrote the extension notice to $T/frist.md"
grep -qF "Several linked systems to check" "$T/frist.md" || fail "the extension notice lacks its reason"
expect_exit 0 review 4 --format json
grep -qF "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["due_on"])' "$T/out")" "$T/frist.md" ||
  fail "the notice does not give the new due date"
expect_exit 0 --as bob letter 4 --format html -o "$T/extension.html"
[ "$(stat -c %a "$T/extension.html")" = 600 ] || fail "letter file mode"
grep -qF "Several linked systems to check" "$T/extension.html" || fail "the extension notice lacks its reason"
grep -qF "@page" "$T/extension.html" || fail "no print CSS"
grep -qF "Max Müller k-4" "$T/extension.html" || fail "not addressed"
LANGUAGE=de LANG=de_DE.UTF-8 expect_exit 0 --as bob letter 2
expect_stdout "Sehr geehrte Damen und Herren,"
expect_stdout "(Art. 77 DSGVO)"
expect_stdout "Seite 1 von 1"
! grep -qE "Dear|request|page|Yours" "$T/out" || fail "English words in the German letter"
# the German sheet of the extended request: no English word, two signature blocks, the footer
LANG=de_DE.UTF-8 expect_exit 0 --as bob print-sheet --request 4
expect_stdout "Geprüft von: ____"
expect_stdout "Abgelegt von: ____"
expect_stdout "Kundendatenstammblatt k-4 · Seite 1 von 1"
expect_stdout "Begründung der Verlängerung:"
expect_stdout "Status:      angehalten (Löschantrag offen)"
no_english "$T/out" text
LANG=de_DE.UTF-8 expect_exit 0 --as bob print-sheet --request 4 --format markdown
expect_stdout "Geprüft von"
no_english "$T/out" markdown
# letters that do not fit: exit 6, nothing recorded
snapshot 1
expect_exit 6 --as bob letter 1
expect_exit 6 --as bob letter 2 --kind confirmation
expect_exit 2 --as bob letter 2 --kind thanks
expect_exit 2 --as bob letter 2 --format json
expect_exit 5 --as bob letter 42
expect_unchanged 1
expect_exit 0 audit --action letter.issued --format json
expect_json 'len(d) == 5 and [e["details"]["kind"] for e in d] == ["refusal", "confirmation", "extension", "extension", "refusal"]'

# review.require_sheet: no approval before the sheet of the request was printed
write_config "" "require_sheet = true"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
file k-5 "$(date +%F)" > /dev/null
snapshot 2
expect_exit 6 --as bob approve 5 --yes --letter "$T/confirmation.txt"
expect_stderr "print-sheet --request 5"
[ ! -e "$T/confirmation.txt" ] || fail "a refused approval wrote its letter"
expect_unchanged 2
expect_exit 0 --as bob print-sheet --request 5 -o "$T/sheet-5.txt"

# approve --letter: the confirmation, addressed, written just before the erasure
expect_exit 0 --as bob approve 5 --yes --letter "$T/confirmation.txt"
grep -qF "Max Müller k-5" "$T/confirmation.txt" || fail "the confirmation is not addressed"
grep -qF "$(date +%F)" "$T/confirmation.txt" || fail "the confirmation lacks the date of the erasure"

# review.holidays = "none": no public holiday, the weekend still moves the date
write_config "" 'holidays = "none"'
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
file k-6 2026-11-08 > /dev/null 2>&1
file k-7 2026-01-31 > /dev/null 2>&1
expect_exit 0 review --all --format json
expect_json '{r["contact_id"]: r["due_on"] for r in d if r["contact_id"] in ("k-6", "k-7")} == {"k-6": "2026-12-08", "k-7": "2026-03-02"}'
[ "$(legal_due 2026-11-08 1 none)" = 2026-12-08 ] && [ "$(legal_due 2026-11-08 1)" = 2026-12-09 ] || fail "the oracle disagrees"
pass
