# Tombstones: an erased contact cannot come back by id or by e-mail (any case, spaces) through
# `contact add` (exit 6) or `contact import` (skipped, counted); --readmit allows it, audited.
source "$(dirname "$0")/common.sh"
write_config '' '
[contacts]
email_property = "E-Mail"'
gdpr init > /dev/null
gdpr contact add c-1 'name=Max Müller' 'E-Mail=Max.Mueller@Example.com' > /dev/null
gdpr --as alice request c-1 --reason "Customer asked in writing" --clarified -q > /dev/null
gdpr --as bob approve 1 --yes > /dev/null
[ "$(db_query "SELECT length(email_fingerprint) FROM contacts WHERE id = 'c-1'")" = 64 ] || fail "no fingerprint"
if backend_is postgresql; then stored() { pg_data; }; else stored() { cat "$T"/gdpr.db*; }; fi
[ -n "$(stored | head -c 100)" ] || fail "nothing stored to search"  # the file, or every row on the server
! stored | grep -a -q -i "max.mueller@example.com" || fail "the e-mail itself is stored"
snapshot

expect_exit 6 contact add c-1 'name=Max Müller'
expect_stderr "contact 'c-1' was erased (request 1); add --readmit"
expect_exit 6 contact add c-9 'e_mail=  MAX.MUELLER@example.COM '
expect_stderr "the e-mail of contact 'c-9' belongs to erased contact 'c-1'"
expect_unchanged

printf 'id;Name;E-Mail\r\nc-1;Max Müller;max.mueller@example.com\r\nc-7;M. Müller; Max.Mueller@EXAMPLE.com \r\nc-8;Erika;erika@example.com\r\n' > "$T/old-export.csv"
expect_exit 0 contact import "$T/old-export.csv"
expect_stdout "3 rows: 1 added, 0 updated, 0 unchanged, 2 skipped"
expect_stderr "skipped line 2: contact 'c-1' was erased"
expect_stderr "skipped line 3: the e-mail of contact 'c-7' belongs to erased contact 'c-1'"
expect_exit 5 contact show c-7
expect_exit 0 contact import "$T/old-export.csv" --format json
expect_json 'd["skipped"] == 2 and d["unchanged"] == 1 and len(d["skipped_rows"]) == 2'

# the person really is back
expect_exit 0 contact import "$T/old-export.csv" --readmit
expect_stdout "1 added, 0 updated, 1 unchanged, 0 skipped, 1 readmitted"   # c-1 back; then c-7 is new
expect_exit 0 contact show c-1 --format json
expect_json 'd["status"] == "active" and d["properties"]["Name"] == "Max Müller"'
expect_exit 0 audit --action contact.readmitted --format json
expect_json '[(e["contact_id"], e["details"]["via"]) for e in d] == [("c-1", "id")]'

gdpr contact add c-2 'name=Erika Zwei' 'E-Mail=e2@example.com' > /dev/null
gdpr --as alice request c-2 --reason "Customer asked in writing" --clarified -q > /dev/null
gdpr --as bob approve 2 --yes > /dev/null
expect_exit 6 contact add c-22 'E-Mail= E2@Example.com'
expect_exit 0 contact add c-22 'E-Mail= E2@Example.com' --readmit
expect_stdout "Readmitted contact c-22"
expect_exit 0 contact add c-23 'E-Mail=e2@example.com'      # the tombstone no longer keeps it out
expect_exit 6 contact add c-2 'name=Erika Zwei'              # but the erased id still does
expect_exit 0 contact add c-2 'name=Erika Zwei' --readmit
expect_stdout "Readmitted contact c-2"
expect_exit 0 audit --action contact.readmitted --format json
expect_json '[(e["contact_id"], e["details"]["via"]) for e in d] == [("c-1", "id"), ("c-22", "email"), ("c-2", "id")]'
expect_json 'd[1]["details"]["tombstone"] == "c-2"'
expect_json 'all("Max" not in str(e["details"]) and "e2@" not in str(e["details"]) for e in d)'

# an import's batch is checked against the tombstones at once: two new ids with the e-mail of an
# erased contact are both skipped; with --readmit the first lets the tombstone go, and the second
# is then just new (one readmission, as row by row)
gdpr contact add c-3 'name=Dritte' 'E-Mail=e3@example.com' > /dev/null
gdpr --as alice request c-3 --reason "Customer asked in writing" --clarified -q > /dev/null
gdpr --as bob approve 3 --yes > /dev/null
printf 'id;E-Mail\nc-31; E3@Example.com\nc-32;e3@example.com\nc-33;drei@example.com\n' > "$T/e3.csv"
expect_exit 0 contact import "$T/e3.csv"
expect_stdout "3 rows: 1 added, 0 updated, 0 unchanged, 2 skipped"
expect_stderr "skipped line 2: the e-mail of contact 'c-31' belongs to erased contact 'c-3'"
expect_stderr "skipped line 3: the e-mail of contact 'c-32' belongs to erased contact 'c-3'"
expect_exit 0 contact import "$T/e3.csv" --readmit
expect_stdout "3 rows: 1 added, 0 updated, 1 unchanged, 0 skipped, 1 readmitted"
expect_exit 0 audit --action contact.readmitted --format json
expect_json '[(e["contact_id"], e["details"]["via"], e["details"].get("tombstone")) for e in d][-1] == ("c-31", "email", "c-3")'
expect_json 'len(d) == 4'
expect_exit 0 contact show c-32 --format json
expect_json 'd["status"] == "active"'

# an id twice is refused also when its first row was skipped for a tombstone (it touched no contact)
gdpr contact add c-5 'E-Mail=e5@example.com' > /dev/null
gdpr --as alice request c-5 --reason "Customer asked in writing" --clarified -q > /dev/null
gdpr --as bob approve 4 --yes > /dev/null
printf 'id;E-Mail\nc-51;e5@example.com\nc-51;other@example.com\n' > "$T/twice.csv"
snapshot
expect_exit 2 contact import "$T/twice.csv"
expect_stderr "twice.csv:3: the contact id of this line appears again (first on line 2); nothing was imported"
expect_unchanged
# the other orders, in one batch of a database with tombstones: new twice, new then refused
printf 'id;E-Mail\nc-52;a@example.com\nc-52;b@example.com\n' > "$T/twice.csv"
expect_exit 2 contact import "$T/twice.csv"
expect_stderr "twice.csv:3: the contact id of this line appears again (first on line 2)"
printf 'id;E-Mail\nc-53;a@example.com\nc-53;e5@example.com\n' > "$T/twice.csv"
expect_exit 2 contact import "$T/twice.csv" --readmit
expect_stderr "twice.csv:3: the contact id of this line appears again (first on line 2)"
expect_unchanged

# two tombstones with one e-mail: a batch readmits both, as row by row (each row lets one go)
for c in c-6 c-7; do
  gdpr contact add $c 'E-Mail=e6@example.com' > /dev/null
  gdpr --as alice request $c --reason "Customer asked in writing" --clarified -q > /dev/null
done
gdpr --as bob approve 5 --yes > /dev/null
gdpr --as bob approve 6 --yes > /dev/null
printf 'id;E-Mail\nc-61;e6@example.com\nc-62;E6@example.com\nc-63;e6@example.com\n' > "$T/e6.csv"
expect_exit 0 contact import "$T/e6.csv" --readmit
expect_stdout "3 rows: 1 added, 0 updated, 0 unchanged, 0 skipped, 2 readmitted"
expect_exit 0 audit --action contact.readmitted --format json
expect_json '[(e["contact_id"], e["details"]["tombstone"]) for e in d[-2:]] == [("c-61", "c-6"), ("c-62", "c-7")]'
expect_exit 0 audit --verify
pass
