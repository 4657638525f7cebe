# `gdpr contact import --from SYSTEM` (SPEC §11) against the tests' HubSpot stand-in: the contacts
# of a hubspot system, page after page (the `after` cursor), the record id as contact id and as
# hs_object_id; the same atomicity, counts and tombstone checks as a CSV import (a person erased in
# gdpr whom HubSpot brought back is skipped); chosen properties or all; a HubSpot that fails on a
# page, a wrong token, a token file open to others and an unknown system import nothing; the token
# is in no output, file or audit detail.
source "$(dirname "$0")/common.sh"
hub="$T/hub"
mkdir -p "$hub"
token="pat-eu1-0123456789abcdef-SECRET"
printf '%s\n' "$token" > "$T/hubspot.token"
chmod 600 "$T/hubspot.token"
cat > "$hub/contacts.json" <<'JSON'
[{"id": "501", "email": "max.mueller@example.com", "properties": {"firstname": "Max", "lastname": "Müller"}},
 {"id": "502", "email": "erika@example.com", "properties": {"firstname": "Erika", "lastname": "Schön"}},
 {"id": "503", "email": "hans@example.com", "properties": {"firstname": "Hans", "city": "Wien"}},
 {"id": "504", "email": "ines@example.com", "properties": {"firstname": "\u001b]0;pwned\u0007Ines"}},
 {"id": "505", "email": null, "properties": {"lastname": "Ohne Mail"}}]
JSON
echo 2 > "$hub/page_size"
start_standin hubspot_standin.py "$hub" "$token"
base=$standin_url
write_config "" "
[[systems]]
name = \"hubspot\"
kind = \"hubspot\"
token_file = \"$T/hubspot.token\"
base_url = \"$base\"
timeout_seconds = 20
[[systems]]
name = \"jet\"
erase = \"true\""
gdpr init > /dev/null
# requests NUMBER: the stand-in's log from line NUMBER on, one "METHOD path?query" per request
requests() { tail -n "+$1" "$hub/log" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    q = "?" + "&".join(f"{k}={v}" for k, v in sorted(r["query"].items())) if r["query"] else ""
    print(("" if r["auth_ok"] else "NO-AUTH ") + r["method"] + " " + r["path"] + q)'; }
logged() { [ -f "$hub/log" ] && wc -l < "$hub/log" || echo 0; }

# Three pages of two; every contact with its record id; nulls are no value; hostile text is data.
n=$(($(logged) + 1))
expect_exit 0 contact import --from hubspot
expect_stdout "Imported hubspot: 5 rows: 5 added, 0 updated, 0 unchanged, 0 skipped"
[ "$(requests "$n")" = 'GET /crm/objects/2026-09/contacts?archived=false&limit=100&properties=email,firstname,lastname,hs_object_id
GET /crm/objects/2026-09/contacts?after=cur2&archived=false&limit=100&properties=email,firstname,lastname,hs_object_id
GET /crm/objects/2026-09/contacts?after=cur4&archived=false&limit=100&properties=email,firstname,lastname,hs_object_id' ] ||
  fail "listing: $(requests "$n")"
expect_exit 0 contact show 501 --format json
expect_json 'd["properties"] == {"email": "max.mueller@example.com", "firstname": "Max", "lastname": "Müller", "hs_object_id": "501"}'
expect_exit 0 contact show 505 --format json
expect_json 'd["properties"]["email"] == "" and d["properties"]["lastname"] == "Ohne Mail"'
expect_exit 0 contact show 504
expect_stdout '\x1b]0;pwned\x07Ines'
! grep -q $'\x1b' "$T/out" || fail "a control character from HubSpot reached the terminal"
expect_exit 0 audit --action contact.imported --format json
expect_json 'd[-1]["details"]["from"] == "hubspot" and d[-1]["details"]["rows"] == 5 and d[-1]["details"]["added"] == 5'

# Again: nothing changed; a dry run saves nothing.
expect_exit 0 contact import --from hubspot
expect_stdout "5 rows: 0 added, 0 updated, 5 unchanged, 0 skipped"
python3 - "$hub/contacts.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c[0]["properties"]["firstname"] = "Maximilian"
json.dump(c, open(sys.argv[1], "w"))
PY
snapshot
expect_exit 0 contact import --from hubspot --dry-run
expect_stdout "Dry run, nothing saved: hubspot: 5 rows: 0 added, 1 updated, 4 unchanged, 0 skipped"
expect_unchanged

# A person erased through gdpr whom HubSpot brought back (it re-creates a GDPR-deleted contact
# that an integration sends again) is refused, by record id and by e-mail.
expect_exit 0 --as alice request 502 --reason "Customer asked in writing" --clarified
expect_exit 0 --as bob approve 1 --yes
expect_stdout "erased"
python3 - "$hub/contacts.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c.append({"id": "502", "email": "erika@example.com", "properties": {"firstname": "Erika"}})
c.append({"id": "777", "email": " Erika@Example.com ", "properties": {"firstname": "Erika again"}})
json.dump(c, open(sys.argv[1], "w"))
PY
expect_exit 0 contact import --from hubspot
expect_stdout "6 rows: 0 added, 1 updated, 3 unchanged, 2 skipped"
expect_stderr "skipped record 502: contact '502' was erased (request 1)"
expect_stderr "skipped record 777: the e-mail of contact '777' belongs to erased contact '502'"
expect_exit 0 contact show 502 --format json
expect_json 'd["status"] == "erased" and d["properties"] == {}'
expect_exit 5 contact show 777

# On a terminal, a progress line while HubSpot is read (cleared at the end).
rc=0; on_tty "" contact import --from hubspot || rc=$?  # (nothing to type: the import asks nothing)
[ "$rc" = 0 ] || fail "import on a terminal: exit $rc: $(cat "$T/out")"
grep -q "Reading hubspot: 6 contacts \.\.\." "$T/out" || fail "no progress line: $(cat "$T/out")"

# Chosen properties, and every property HubSpot defines.
echo '["email", "firstname", "city", "hs_object_id"]' > "$hub/properties.json"
n=$(($(logged) + 1))
expect_exit 0 contact import --from hubspot --properties '*'
[ "$(requests "$n" | head -1)" = 'GET /crm/properties/2026-09/contacts' ] || fail "properties: $(requests "$n")"
expect_exit 0 contact show 503 --format json
expect_json 'd["properties"]["city"] == "Wien"'
expect_exit 0 contact import --from hubspot --properties " city , firstname"
expect_stdout "Imported hubspot:"
requests "$(($(logged)))" | grep -q 'properties=city,firstname,hs_object_id' || fail "chosen properties: $(requests "$(logged)")"

# HubSpot fails on page 2 (four 500s: the retries run out): exit 7, nothing imported.
python3 - "$hub/contacts.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c.append({"id": "601", "email": "neu@example.com", "properties": {}})
json.dump(c, open(sys.argv[1], "w"))
PY
snapshot
printf '0\n500\n500\n500\n500\n' > "$hub/force"  # page 1 as usual, then page 2 fails every attempt
expect_exit 7 contact import --from hubspot
expect_stderr "hubspot: HTTP 500: listing the contacts (page 2) (INTERNAL_ERROR) after 4 attempts"
expect_unchanged
rm -f "$hub/force"

# A wrong token: 401; a token file others may read: exit 9 naming it; no such system: exit 2.
printf 'pat-eu1-wrong\n' > "$T/hubspot.token"
expect_exit 7 contact import --from hubspot
expect_stderr "HTTP 401"
expect_unchanged
printf '%s\n' "$token" > "$T/hubspot.token"
chmod 644 "$T/hubspot.token"
expect_exit 9 contact import --from hubspot
expect_stderr "token_file $T/hubspot.token is open to others (mode 0644)"
expect_unchanged
chmod 600 "$T/hubspot.token"
expect_exit 2 contact import --from nowhere
expect_stderr '--from nowhere: the policy has no linked system of kind "hubspot" named so (hubspot)'
expect_exit 2 contact import --from jet
expect_stderr '--from jet: the policy has no linked system of kind "hubspot"'
echo "id,name" > "$T/c.csv"
expect_exit 2 contact import "$T/c.csv" --from hubspot
expect_stderr "name a file or --from hubspot, not both"
expect_exit 2 contact import
expect_stderr "name a CSV file (- for stdin) or --from SYSTEM"
expect_exit 2 contact import "$T/c.csv" --properties email
expect_exit 2 contact import --from hubspot --id-column Datensatz-ID
expect_unchanged

# The token is nowhere: not in any output, the database files or the trail.
expect_exit 0 audit --format json
! grep -q -F -- "$token" "$T/out" || fail "the token is in the audit trail"
for f in "$T"/gdpr.db*; do
  [ -f "$f" ] || continue
  ! grep -a -q -F -- "$token" "$f" || fail "the token is in $f"
done
pass
