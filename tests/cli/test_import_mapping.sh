# Import mapping (SPEC §12): `--preset hubspot` maps HubSpot's German and English exports into one
# set of properties (the same contacts give identical `contact show --format json`), the record
# id as contact id; the policy's [import] id_column and [import.columns] apply without options
# and correct the preset; --dry-run shows the mapping and saves nothing; a map to a name that is no
# property name is refused (exit 9).
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
printf '\xef\xbb\xbfDatensatz-ID;Vorname;Nachname;E-Mail;Telefonnummer;Stadt\r\n501;Max;Müller;max.mueller@example.com;+43 1 234;Wien\r\n502;Erika;Schön;erika@example.com;;Graz\r\n' > "$T/de.csv"
printf 'Record ID,First Name,Last Name,Email,Phone Number,City\n501,Max,Müller,max.mueller@example.com,+43 1 234,Wien\n502,Erika,Schön,erika@example.com,,Graz\n' > "$T/en.csv"

snapshot
expect_exit 0 contact import "$T/de.csv" --preset hubspot --dry-run
expect_stdout "Dry run, nothing saved: $T/de.csv: 2 rows: 2 added"
expect_stderr "column 'Datensatz-ID' -> property 'hs_object_id'"
expect_stderr "column 'Vorname' -> property 'firstname'"
expect_stderr "column 'E-Mail' -> property 'email'"
expect_unchanged

expect_exit 0 contact import "$T/de.csv" --preset HubSpot
expect_stdout "2 rows: 2 added, 0 updated, 0 unchanged, 0 skipped"
expect_exit 0 contact show 501 --format json
cp "$T/out" "$T/501-de.json"
expect_json 'd["properties"] == {"firstname": "Max", "lastname": "Müller", "email": "max.mueller@example.com", "phone": "+43 1 234", "city": "Wien"}'
# The English export of the same contacts changes nothing and gives the same contact.
expect_exit 0 contact import "$T/en.csv" --preset hubspot
expect_stdout "2 rows: 0 added, 0 updated, 2 unchanged, 0 skipped"
expect_exit 0 contact show 501 --format json
cmp -s "$T/out" "$T/501-de.json" || fail "the English export gave another contact: $(diff "$T/501-de.json" "$T/out")"

# Without the preset, the policy's map and id column apply; they also correct the preset.
write_config "" '
[import]
id_column = "Kundennr"
columns = { "Vorname" = "first_name", "Straße" = "street" }'
policy_apply
printf 'Kundennr,Vorname,Straße\nK-1,Hans,Hauptstraße 1\n' > "$T/own.csv"
expect_exit 0 contact import "$T/own.csv"
expect_exit 0 contact show K-1 --format json
expect_json 'd["properties"] == {"first_name": "Hans", "street": "Hauptstraße 1"}'
expect_exit 0 contact import "$T/de.csv" --preset hubspot --dry-run
expect_stderr "column 'Vorname' -> property 'first_name'"
expect_exit 0 policy show --format json
expect_json 'd["import"] == {"id_column": "Kundennr", "columns": {"Straße": "street", "Vorname": "first_name"}}'

# A map to no property name, or an empty id column, is refused.
write_config "" '
[import]
columns = { "Vorname" = "  " }'
expect_exit 9 review
expect_stderr "key 'import.columns' maps 'Vorname' to a name that is no property name"
write_config "" '
[import]
id_column = ""'
expect_exit 9 review
expect_stderr "key 'import.id_column' must name a column"
expect_exit 2 contact import "$T/de.csv" --preset salesforce
pass
