# A linked system of kind "mailchimp" (SPEC §11) against the tests' stand-in for Mailchimp's
# Marketing API (tests/cli/mailchimp_standin.py, on 127.0.0.1): hold unsubscribes the member in
# every configured audience by PATCH (never PUT), erase deletes it permanently, the member named by
# the MD5 of the lower-case e-mail, the key by Basic authentication and never in a URL; a member
# an audience does not have is done; no release; 5xx is a failed step that retry finishes; the key
# is in no output, database file or audit detail; policies that do not fit are refused.
source "$(dirname "$0")/common.sh"
mc="$T/mc"
mkdir -p "$mc"
key="0123456789abcdef0123456789abcdef-us21"
printf '%s\n' "$key" > "$T/mailchimp.key"
chmod 600 "$T/mailchimp.key"
cat > "$mc/members.json" <<'JSON'
{"list-a": ["max.mueller@example.com", "erika@example.com"], "list-b": ["max.mueller@example.com"]}
JSON
start_standin mailchimp_standin.py "$mc" "$key"
write_config "" "
[[systems]]
name = \"mailchimp\"
kind = \"mailchimp\"
api_key_file = \"$T/mailchimp.key\"
base_url = \"$standin_url/3.0\"
audiences = [\"list-a\", \"list-b\"]
timeout_seconds = 20"
requests() { tail -n "+$1" "$mc/log" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    b = " " + json.dumps(r["body"], sort_keys=True) if r["body"] is not None else ""
    print(("" if r["auth_ok"] else "NO-AUTH ") + r["method"] + " " + r["path"] + (("?" + r["query"]) if r["query"] else "") + b)'; }
logged() { [ -f "$mc/log" ] && wc -l < "$mc/log" || echo 0; }
max=$(printf '%s' max.mueller@example.com | md5sum | cut -d' ' -f1)
erika=$(printf '%s' erika@example.com | md5sum | cut -d' ' -f1)

gdpr init > /dev/null
gdpr contact add K-1 "name=Max Müller" "email=Max.Mueller@Example.com" > /dev/null
gdpr contact add K-2 "name=Erika Schön" email=erika@example.com > /dev/null

# hold: PATCH in both audiences (list-b has no Erika: 404 is done); no release on rejection
n=$(($(logged) + 1))
expect_exit 0 --as alice request K-1 --reason "Customer asked in writing" --clarified
[ "$(requests "$n")" = "PATCH /3.0/lists/list-a/members/$max {\"status\": \"unsubscribed\"}
PATCH /3.0/lists/list-b/members/$max {\"status\": \"unsubscribed\"}" ] || fail "hold: $(requests "$n")"
n=$(($(logged) + 1))
expect_exit 0 --as bob reject 1 --reason "Customer withdrew by phone"
[ "$(logged)" -eq $((n - 1)) ] || fail "release reached Mailchimp: $(requests "$n")"

# erase: delete-permanent in both audiences
expect_exit 0 --as alice request K-2 --reason "Customer asked in writing" --clarified
n=$(($(logged) + 1))
expect_exit 0 --as bob approve 2 --yes
expect_stdout "erased here and in mailchimp"
[ "$(requests "$n")" = "POST /3.0/lists/list-a/members/$erika/actions/delete-permanent
POST /3.0/lists/list-b/members/$erika/actions/delete-permanent
GET /3.0/lists/list-a/members/$erika
GET /3.0/lists/list-b/members/$erika" ] || fail "erase: $(requests "$n")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "erika@example.com" not in d["list-a"], d' "$mc/members.json" ||
  fail "Mailchimp still has Erika"

# 5xx until the retries are spent: exit 7 naming the system; retry finishes
expect_exit 0 --as alice request K-1 --reason "Customer asked again in writing" --clarified
printf '500 0\n500 0\n500 0\n500 0\n' > "$mc/force"
expect_exit 7 --as bob approve 3 --yes
expect_stderr "mailchimp erase: failed with HTTP 500: the permanent delete in audience list-a (Internal Server Error) after 4 attempts"
expect_exit 0 --as carol retry 3
expect_stdout "Request 3: erased"

# the probe (SPEC §13): a Mailchimp that answers delete-permanent with 204 but keeps the member is
# found out in each audience (exit 7, the request stays approved); retry deletes and asks again
python3 - "$mc/members.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["list-b"].append("sticky@example.com")
json.dump(d, open(sys.argv[1], "w"))
PY
sticky=$(printf '%s' sticky@example.com | md5sum | cut -d' ' -f1)
sed -i 's/^timeout_seconds = 20$/&\nverify_seconds = 0/' "$GDPR_CONFIG"
policy_apply
gdpr contact add K-3 "name=Klaus Kleber" email=sticky@example.com > /dev/null
expect_exit 0 --as alice request K-3 --reason "Customer asked in writing" --clarified
touch "$mc/sticky"
expect_exit 7 --as bob approve 4 --yes
expect_stderr "mailchimp verify: the contact is still there after erase"
expect_exit 0 review 4 --format json
expect_json 'd["state"] == "approved"'
rm "$mc/sticky"
n=$(($(logged) + 1))
expect_exit 0 --as carol retry 4
[ "$(requests "$n")" = "POST /3.0/lists/list-a/members/$sticky/actions/delete-permanent
POST /3.0/lists/list-b/members/$sticky/actions/delete-permanent
GET /3.0/lists/list-a/members/$sticky
GET /3.0/lists/list-b/members/$sticky" ] || fail "retry: $(requests "$n")"
expect_exit 0 review 4 --format json
expect_json 'd["state"] == "erased" and [(p["system"], p["verified"]) for p in d["proof"]] == [("mailchimp", "gone")]'
# a probe Mailchimp cannot answer (5xx until the retries are spent): a failed step that says so
gdpr contact add K-4 "name=Uwe Unklar" email=uwe@example.com > /dev/null
expect_exit 0 --as alice request K-4 --reason "Customer asked in writing" --clarified
printf '0\n0\n500 0\n500 0\n500 0\n500 0\n' > "$mc/force"
expect_exit 7 --as bob approve 5 --yes
expect_stderr "mailchimp verify: failed with HTTP 500"
: > "$mc/force"
expect_exit 0 --as carol retry 5

# the key: never in a URL, an output, a database file or the trail
! grep -q -F -- "$key" "$mc/log" || fail "the key was in a request line or body"
! grep -q "NO-AUTH" <(requests 1) || fail "a request went without the key"
for f in "$T/out" "$T/err" "$T"/gdpr.db*; do
  ! grep -a -q -F -- "$key" "$f" || fail "the key is in $f"
done

# policies that do not fit the kind: refused (exit 9) naming the key
for bad in "audiences = []|needs audiences" "api_key_file = \"mailchimp.key\"|needs api_key_file = the absolute path" \
           "erase = \"true\"|takes no hold, release, erase, verify, list or database" 'unsubscribe_all = true|belong to kind = "hubspot"'; do
  GDPR_CONFIG="$T/bad.toml" write_config "" "
[[systems]]
name = \"mailchimp\"
kind = \"mailchimp\"
$(case "$bad" in api_key_file*) ;; *) echo "api_key_file = \"$T/mailchimp.key\"" ;; esac)
$(case "$bad" in audiences*) ;; *) echo "audiences = [\"list-a\"]" ;; esac)
${bad%%|*}"
  expect_exit 9 policy apply "$T/bad.toml" --yes
  expect_stderr "systems.mailchimp"
  expect_stderr "${bad#*|}"
done
expect_exit 0 audit --verify
pass
