# `gdpr watch` (SPEC §13), as cron runs it with the worker's credentials: lists the contacts of
# HubSpot (after-cursors, several pages), Mailchimp (offsets, each audience) and an sqlite system
# (its list statement) against the tests' stand-ins, and reports every erased person who is back,
# written differently (case, spaces) too: system, record id, contact id, request id, erasure
# date, never the e-mail. Exit 3 when someone is back, 0 when nobody is, 7 when a system could not
# be asked (after the others were); 429 waits for Retry-After; each find is audited as
# watch.found. Nothing of the e-mails or the credentials is in the output or the database files;
# a hostile record id is shown inert; refusals (unknown system, a system that cannot list, an
# actor without the role) exit 2, 9, 4 with the database unchanged.
source "$(dirname "$0")/common.sh"
hub="$T/hub" mc="$T/mc"
mkdir -p "$hub" "$mc"
token="pat-eu1-0123456789abcdef-SECRET"
key="0123456789abcdef0123456789abcdef-us21"
printf '%s\n' "$token" > "$T/hubspot.token"
printf '%s\n' "$key" > "$T/mailchimp.key"
chmod 600 "$T/hubspot.token" "$T/mailchimp.key"
cat > "$hub/contacts.json" <<'JSON'
[{"id": "501", "email": "max.mueller@example.com"}, {"id": "502", "email": "erika@example.com"},
 {"id": "503", "email": "anna@example.com"}]
JSON
cat > "$mc/members.json" <<'JSON'
{"list-a": ["max.mueller@example.com", "erika@example.com", "anna@example.com"], "list-b": ["anna@example.com"]}
JSON
start_standin hubspot_standin.py "$hub" "$token"
hub_url=$standin_url
start_standin mailchimp_standin.py "$mc" "$key"
mc_url=$standin_url
jet="$T/jet.db"
python3 - "$jet" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE kunden (kundennr TEXT PRIMARY KEY, mail TEXT)")
db.executemany("INSERT INTO kunden VALUES (?, ?)", [("K-1", "max.mueller@example.com"), ("K-2", "erika@example.com"),
                                                  ("K-3", "anna@example.com")])
db.commit()
PY
write_config "" "
[[systems]]
name = \"hubspot\"
kind = \"hubspot\"
token_file = \"$T/hubspot.token\"
base_url = \"$hub_url\"
timeout_seconds = 20
[[systems]]
name = \"mailchimp\"
kind = \"mailchimp\"
api_key_file = \"$T/mailchimp.key\"
base_url = \"$mc_url/3.0\"
audiences = [\"list-a\", \"list-b\"]
timeout_seconds = 20
[[systems]]
name = \"jet\"
kind = \"sqlite\"
database = \"$jet\"
erase = \"DELETE FROM kunden WHERE kundennr = :id\"
verify = \"SELECT count(*) FROM kunden WHERE kundennr = :id\"
list = \"SELECT kundennr, mail FROM kunden ORDER BY kundennr\"
[[systems]]
name = \"crm\"
hold = \"true\"
erase = \"true\""
sed -i 's/^reviewers = .*/&\nworkers = ["wrk"]/' "$GDPR_CONFIG"
gdpr init > /dev/null
gdpr role revoke reviewer alice > /dev/null  # alice only files requests
sed -i '/^reviewers = /s/, "alice"\]/]/' "$GDPR_CONFIG"
gdpr contact add K-1 "name=Max Müller" email=max.mueller@example.com > /dev/null
gdpr contact add K-2 "name=Erika Schön" email=erika@example.com > /dev/null
gdpr contact add K-3 "name=Anna Weiß" email=anna@example.com > /dev/null

# nobody erased yet: nothing to watch for, nothing asked
n=$(wc -l < "$hub/log" 2> /dev/null || echo 0)
expect_exit 0 --as wrk watch
expect_stderr "no erased contact keeps an e-mail fingerprint"
[ "$(wc -l < "$hub/log" 2> /dev/null || echo 0)" = "$n" ] || fail "the watch asked HubSpot with nobody to watch for"

# Max and Erika are erased everywhere; nobody is back
for c in K-1 K-2; do gdpr --as alice request "$c" --reason "Customer asked in writing" --clarified -q > /dev/null; done
expect_exit 0 --as bob approve 1 --yes
expect_exit 0 --as bob approve 2 --yes
erased_on=$(gdpr review 1 --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["erased_at"][:10])')
expect_exit 0 --as wrk watch
expect_stderr "0 erased people are back among"
expect_stderr "hubspot, mailchimp, jet"
expect_no_stdout

# they come back, written differently: HubSpot over several pages, Mailchimp in list-b past the
# first page of a thousand, the JET table with a hostile record id
cat > "$hub/contacts.json" <<'JSON'
[{"id": "503", "email": "anna@example.com"}, {"id": "601", "email": "a@example.com"}, {"id": "602", "email": "b@example.com"},
 {"id": "901", "email": "  Max.Mueller@EXAMPLE.com "}, {"id": "603", "email": "c@example.com"}]
JSON
echo 2 > "$hub/page_size"
echo 1500 > "$mc/generated"
python3 - "$mc/members.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["list-b"] = d["list-b"] + ["ERIKA@example.com "]
json.dump(d, open(sys.argv[1], "w"))
PY
python3 - "$jet" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO kunden VALUES (?, ?)", ("K-2\x1b]0;owned\x07", " Erika@Example.com"))
db.commit()
PY
erika_hash=$(printf '%s' 'erika@example.com ' | md5sum | cut -d' ' -f1)
hub_before=$(wc -l < "$hub/log")
expect_exit 3 --as wrk watch
expect_stdout "hubspot: record 901 is contact K-1, erased by request 1 on $erased_on: the person is back"
expect_stdout "mailchimp: record list-b/$erika_hash is contact K-2, erased by request 2 on $erased_on: the person is back"
expect_stdout "jet: record (not printable, 13 bytes) is contact K-2, erased by request 2 on $erased_on: the person is back"
[ "$(wc -l < "$T/out")" = 3 ] || fail "expected 3 finds"
expect_stderr "3 erased people are back among"
expect_stderr "gdpr contact add --readmit"
# HubSpot was asked page by page with its cursor, Mailchimp by offsets in each audience
tail -n "+$((hub_before + 1))" "$hub/log" | grep -c '"after"' | grep -qx 2 || fail "HubSpot was not asked for 3 pages"
grep -q 'list-b/members", "query": "count=1000&offset=1000&' "$mc/log" || fail "Mailchimp was not asked past its first page: $(tail -3 "$mc/log")"
for s in max.mueller erika Max.Mueller ERIKA Erika "$token" "$key" owned; do
  ! grep -q -i -F -- "$s" "$T/out" "$T/err" || fail "'$s' is in the watch's output"
done

# the JSON form, for scripts: ids only
expect_exit 3 --as wrk watch --format json
expect_json 'sorted((f["system"], f["contact_id"], f["request_id"]) for f in d) == [("hubspot", "K-1", 1), ("jet", "K-2", 2), ("mailchimp", "K-2", 2)]'
expect_json 'all(set(f) == {"system", "record_id", "contact_id", "request_id", "erased_on"} for f in d)'
expect_json '[f["record_id"] for f in d if f["system"] == "hubspot"] == ["901"]'

# each find is audited, without the e-mail
expect_exit 0 audit --format json
expect_json 'len([e for e in d if e["action"] == "watch.found"]) == 6'
expect_json 'all(set(e["details"]) == {"system", "record_id"} for e in d if e["action"] == "watch.found")'
if backend_is sqlite; then
  expect_exit 0 audit --verify
  for s in max.mueller@example.com erika@example.com "$token" "$key" owned; do
    ! cat "$GDPR_DB"* | grep -a -q -i -F -- "$s" || fail "'$s' is in the database files"
  done
fi

# only one system; 429 waits for Retry-After
printf '429 1\n' > "$hub/force"
expect_exit 3 --as wrk watch --system hubspot
expect_stdout "hubspot: record 901 is contact K-1"
[ "$(wc -l < "$T/out")" = 1 ] || fail "watch --system hubspot reported other systems"

# a system that cannot be asked: exit 7 naming it, after the others were asked and reported
printf '503 0\n503 0\n503 0\n503 0\n' > "$hub/force"  # Retry-After 0: no back-off to wait for
expect_exit 7 --as wrk watch
expect_stderr "hubspot"
expect_stderr "could not ask every system"
expect_stdout "mailchimp: record list-b/$erika_hash is contact K-2"
expect_stdout "jet: record"
: > "$hub/force"

# refusals, each with the database unchanged
snapshot
expect_exit 2 --as wrk watch --system nope
expect_stderr "--system nope: the policy of"
expect_stderr "it has: hubspot, mailchimp, jet, crm"
expect_unchanged
expect_exit 9 --as wrk watch --system crm
expect_stderr "systems.crm cannot list its contacts"
expect_unchanged
expect_exit 4 --as alice watch
expect_stderr "\`gdpr watch\` is refused: 'alice'"
expect_unchanged

pass
