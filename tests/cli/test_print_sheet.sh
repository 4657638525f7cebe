# gdpr print-sheet: the customer master data sheet in text, markdown, html and json; empty
# properties hidden or shown; the open request's reason; -o FILE; the erasure record of an erased
# contact holds none of its values and names the approver; every print is audited.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
gdpr contact add c-1 'name=Max Müller' 'email=max@example.com' 'phone=' 'note=<script>alert(1)</script> & "Grüße"' > /dev/null

expect_exit 0 print-sheet c-1
expect_stdout "Muster GmbH"
expect_stdout "Customer master data sheet"
expect_stdout "name:   Max Müller"
! grep -q "phone" "$T/out" || fail "an empty property was printed"
expect_stdout "Reviewed by: ____"
expect_stdout "Filed by: ____"
expect_stdout "Customer master data sheet c-1 · page 1 of 1"
awk '{ if (length($0) > 80) exit 1 }' "$T/out" || fail "a line is wider than 80 columns"
expect_exit 0 print-sheet c-1 --show-empty
expect_stdout "phone:"
write_config '' '
[sheet]
show_empty = true'
expect_exit 0 print-sheet c-1
expect_stdout "phone:"
write_config

expect_exit 0 print-sheet c-1 --format html
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Grüße&quot;' "$T/out" || fail "HTML not escaped"
! grep -qF '<script>' "$T/out" || fail "raw <script> in the HTML"
expect_stdout "<!DOCTYPE html>"
expect_stdout "@media print"
expect_exit 0 print-sheet c-1 --format markdown
expect_stdout "| name | Max Müller |"
expect_exit 0 print-sheet c-1 --format json
expect_json 'd["type"] == "sheet" and d["contact"]["id"] == "c-1" and d["contact"]["properties"] == {"name": "Max Müller", "email": "max@example.com", "note": "<script>alert(1)</script> & \"Grüße\""}'
expect_json 'd["request"] is None and d["organization"] == "Muster GmbH" and d["printed_by"] and d["printed_at"]'

# with an open request: its reason is on the sheet
gdpr --as alice request c-1 --reason "Customer asked by letter of 20 November" --clarified --received 2026-11-20 > /dev/null
expect_exit 0 --as bob print-sheet c-1
expect_stdout "Reason:        Customer asked by letter of 20 November"
expect_stdout "Received:      2026-11-20"
expect_stdout "Printed by bob on "
expect_exit 0 --as bob print-sheet --request 1 --format json -o "$T/sheet.json"
expect_stderr "Wrote $T/sheet.json"
[ "$(stat -c %a "$T/sheet.json")" = 600 ] || fail "sheet file mode $(stat -c %a "$T/sheet.json")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["request"]["id"] == 1 and d["request"]["reason"].startswith("Customer asked")' "$T/sheet.json" || fail "sheet file"

# refusals
snapshot
expect_exit 5 print-sheet nobody
expect_exit 5 print-sheet --request 9
expect_exit 2 print-sheet
expect_exit 2 print-sheet c-1 --request 1
expect_exit 2 print-sheet c-1 --format csv
expect_exit 2 print-sheet c-1 -o "$T/no/such/folder/x.txt"
expect_unchanged

# after the erasure: the erasure record, with no personal data
gdpr --as bob approve 1 --yes > /dev/null
for fmt in text markdown html json; do
  expect_exit 0 --as carol print-sheet c-1 --format "$fmt"
  for s in "Max Müller" "max@example.com" "alert(1)" "Grüße"; do
    ! grep -qF -- "$s" "$T/out" || fail "the $fmt erasure record holds '$s'"
  done
done
expect_exit 0 --as carol print-sheet --request 1
expect_stdout "Erasure record"
expect_stdout "Approved by:     bob on "
expect_stdout "Reason:          Customer asked by letter of 20 November"
expect_stdout "Deadline met:    yes"
expect_stdout "No personal data of the erased contact is left to print."
expect_exit 0 print-sheet c-1 --format json
expect_json 'd["type"] == "erasure_record" and d["request"]["approvals"][0]["by"] == "bob" and d["deadline_met"] is True and d["erased_at"]'

# every print is in the audit trail, without values
expect_exit 0 audit --action sheet.printed --format json
expect_json 'len(d) == 14 and all(set(e["details"]) == {"kind", "format"} for e in d)'
expect_json 'd[-1]["details"] == {"kind": "erasure_record", "format": "json"} and d[-1]["request_id"] == 1'
expect_exit 0 audit --verify
pass
