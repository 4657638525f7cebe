# A linked system of kind "hubspot" (SPEC §11) against the tests' stand-in for HubSpot's API
# (tests/cli/hubspot_standin.py, on 127.0.0.1): hold sets the configured properties and
# unsubscribes from all e-mail, release sets its properties, erase is the GDPR delete, by the
# stored record id or by the e-mail; a contact HubSpot does not have is done; 429 waits for
# Retry-After; 5xx and a wrong token are failed steps (exit 7) that retry finishes; a token file
# open to others is refused at the step; the token is in no output, no database file and no audit
# detail; policies that do not fit the kind are refused.
source "$(dirname "$0")/common.sh"
hub="$T/hub"
mkdir -p "$hub"
token="pat-eu1-0123456789abcdef-SECRET"
printf '%s\n' "$token" > "$T/hubspot.token"
chmod 600 "$T/hubspot.token"
cat > "$hub/contacts.json" <<'JSON'
[{"id": "501", "email": "max.mueller@example.com"}, {"id": "502", "email": "erika@example.com"}]
JSON
start_standin hubspot_standin.py "$hub" "$token"
base=$standin_url
hub_config() {  # hub_config [KEY = VALUE lines]: the policy with the HubSpot system
  write_config "" "
[[systems]]
name = \"hubspot\"
kind = \"hubspot\"
token_file = \"$T/hubspot.token\"
base_url = \"$base\"
hold_properties = { dsgvo_loeschung_beantragt = \"true\" }
release_properties = { dsgvo_loeschung_beantragt = \"false\" }
unsubscribe_all = true
timeout_seconds = 20
${1:-}"
}
# requests NUMBER: the stand-in's log from line NUMBER on, one "METHOD path body" per request
requests() { tail -n "+$1" "$hub/log" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    q = "?" + "&".join(f"{k}={v}" for k, v in sorted(r["query"].items())) if r["query"] else ""
    b = " " + json.dumps(r["body"], sort_keys=True) if r["body"] is not None else ""
    print(("" if r["auth_ok"] else "NO-AUTH ") + r["method"] + " " + r["path"] + q + b)'; }
logged() { [ -f "$hub/log" ] && wc -l < "$hub/log" || echo 0; }
hub_has() { python3 -c 'import json,sys; print(",".join(c["id"] for c in json.load(open(sys.argv[1]))))' "$hub/contacts.json"; }

hub_config
gdpr init > /dev/null
gdpr contact add K-1 "name=Max Müller" email=max.mueller@example.com hs_object_id=501 > /dev/null
gdpr contact add K-2 "name=Erika Schön" "email= Erika@Example.com " > /dev/null
gdpr contact add K-3 "name=Nur bei uns" email=nur.bei.uns@example.at > /dev/null
expect_exit 0 policy show --format json
expect_json 'd["systems"][0]["kind"] == "hubspot" and d["systems"][0]["token_file"].endswith("hubspot.token")'

# hold by the record id: the properties, then the unsubscription; release: its properties
n=$(($(logged) + 1))
expect_exit 0 --as alice request K-1 --reason "Customer asked in writing" --clarified
[ "$(requests "$n")" = 'PATCH /crm/objects/2026-09/contacts/501 {"properties": {"dsgvo_loeschung_beantragt": "true"}}
POST /communication-preferences/2026-09/statuses/max.mueller@example.com/unsubscribe-all?channel=EMAIL' ] ||
  fail "hold: $(requests "$n")"
n=$(($(logged) + 1))
expect_exit 0 --as bob reject 1 --reason "Customer withdrew by phone"
[ "$(requests "$n")" = 'PATCH /crm/objects/2026-09/contacts/501 {"properties": {"dsgvo_loeschung_beantragt": "false"}}' ] ||
  fail "release: $(requests "$n")"

# erase: the GDPR delete by record id; HubSpot no longer has it
expect_exit 0 --as alice request K-1 --reason "Customer asked again in writing" --clarified
n=$(($(logged) + 1))
expect_exit 0 --as bob approve 2 --yes
expect_stdout "erased here and in hubspot"
# then the probe (SPEC §13): GET of the record, 404 is gone
[ "$(requests "$n")" = 'POST /crm/objects/2026-09/contacts/gdpr-delete {"objectId": "501"}
GET /crm/objects/2026-09/contacts/501' ] || fail "erase: $(requests "$n")"
[ "$(hub_has)" = 502 ] || fail "HubSpot still has: $(hub_has)"

# by the e-mail (trimmed, lower case), through a 429 with Retry-After
expect_exit 0 --as alice request K-2 --reason "Customer asked in writing" --clarified
printf '429 1\n' > "$hub/force"
n=$(($(logged) + 1))
expect_exit 0 --as bob approve 3 --yes
[ "$(requests "$n")" = 'POST /crm/objects/2026-09/contacts/gdpr-delete {"idProperty": "email", "objectId": "erika@example.com"}
POST /crm/objects/2026-09/contacts/gdpr-delete {"idProperty": "email", "objectId": "erika@example.com"}
GET /crm/objects/2026-09/contacts/erika@example.com?idProperty=email' ] ||
  fail "erase by e-mail after 429: $(requests "$n")"
[ "$(hub_has)" = "" ] || fail "HubSpot still has: $(hub_has)"

# a contact HubSpot never had: hold (404) and erase are done
expect_exit 0 --as alice request K-3 --reason "Customer asked in writing" --clarified
expect_exit 0 --as bob approve 4 --yes
expect_stdout "erased here and in hubspot"

# 5xx until the retries are spent: a failed step (exit 7) naming the system and the status; retry finishes
gdpr contact add K-4 "name=Hans Huber" email=hans@example.com > /dev/null
expect_exit 0 --as alice request K-4 --reason "Customer asked in writing" --clarified
printf '503\n503\n503\n503\n' > "$hub/force"
expect_exit 7 --as bob approve 5 --yes
expect_stderr "hubspot erase: failed with HTTP 503: the GDPR delete (INTERNAL_ERROR) after 4 attempts"
expect_exit 0 audit --action step.failed --format json
expect_json 'd[-1]["details"]["outcome"] == "failed with HTTP 503"'
expect_exit 0 --as carol retry 5
expect_stdout "Request 5: erased"

# a wrong token: 401, named; the token itself appears nowhere
printf 'pat-eu1-wrong\n' > "$T/hubspot.token"
gdpr contact add K-5 "name=Lisa Berger" email=lisa@example.com > /dev/null
expect_exit 7 --as alice request K-5 --reason "Customer asked in writing" --clarified
expect_stderr "hubspot hold: failed with HTTP 401: setting the contact's properties (INVALID_AUTHENTICATION)"
printf '%s\n' "$token" > "$T/hubspot.token"
# a token file others may read: refused at the step, naming the file
chmod 644 "$T/hubspot.token"
expect_exit 7 --as carol retry 6
expect_stderr "is open to others (mode 0644)"
chmod 600 "$T/hubspot.token"
expect_exit 0 --as carol retry 6
for f in "$T/out" "$T/err" "$T"/gdpr.db*; do
  ! grep -a -q -F -- "$token" "$f" || fail "the token is in $f"
  ! grep -a -q -F -- "pat-eu1-wrong" "$f" || fail "the wrong token is in $f"
done
expect_exit 0 audit --format json
! grep -q "SECRET" "$T/out" || fail "the token is in the audit trail"

# the probe (SPEC §13): a HubSpot that answers the GDPR delete with 204 but keeps the contact is
# found out (exit 7 naming the system, the request stays approved); retry deletes and asks again
python3 - "$hub/contacts.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d += [{"id": "601", "email": "sticky@example.com"}, {"id": "602", "email": "slow@example.com"}]
json.dump(d, open(sys.argv[1], "w"))
PY
hub_config "verify_seconds = 1"
policy_apply
gdpr contact add K-6 "name=Klaus Kleber" email=sticky@example.com > /dev/null
expect_exit 0 --as alice request K-6 --reason "Customer asked in writing" --clarified
touch "$hub/sticky"
n=$(($(logged) + 1))
expect_exit 7 --as bob approve 7 --yes
expect_stderr "hubspot verify: the contact is still there after erase"
[ "$(requests "$n" | grep -c -x 'GET /crm/objects/2026-09/contacts/sticky@example.com?idProperty=email')" -ge 2 ] ||
  fail "a probe that sees the contact did not ask again within verify_seconds: $(requests "$n")"
expect_exit 0 review 7 --format json
expect_json 'd["state"] == "approved" and "proof" not in d'
rm "$hub/sticky"
n=$(($(logged) + 1))
expect_exit 0 --as carol retry 7
[ "$(requests "$n")" = 'POST /crm/objects/2026-09/contacts/gdpr-delete {"idProperty": "email", "objectId": "sticky@example.com"}
GET /crm/objects/2026-09/contacts/sticky@example.com?idProperty=email' ] || fail "retry: $(requests "$n")"
expect_exit 0 review 7 --format json
expect_json 'd["state"] == "erased" and [(p["system"], p["verified"]) for p in d["proof"]] == [("hubspot", "gone")]'
# a deletion that takes a moment to show: asked again until it does, within verify_seconds
hub_config "verify_seconds = 10"
policy_apply
printf '2\n' > "$hub/sticky"
gdpr contact add K-7 "name=Lena Langsam" email=slow@example.com > /dev/null
expect_exit 0 --as alice request K-7 --reason "Customer asked in writing" --clarified
n=$(($(logged) + 1))
expect_exit 0 --as bob approve 8 --yes
[ "$(requests "$n" | grep -c -x 'GET /crm/objects/2026-09/contacts/slow@example.com?idProperty=email')" = 3 ] ||
  fail "expected three probes: $(requests "$n")"
rm "$hub/sticky"

# policies that do not fit the kind: refused (exit 9) with file, line and key
for bad in "base_url = \"http://api.example.com\"|base_url must be https://" \
           "api_version = \"v1\"|api_version must be" \
           "hold = \"curl ...\"|kind = \"hubspot\" takes no hold, release, erase, verify, list or database" \
           "database = \"/srv/x.db\"|kind = \"hubspot\" takes no hold, release, erase, verify, list or database"; do
  GDPR_CONFIG="$T/bad.toml" write_config "" "
[[systems]]
name = \"hubspot\"
kind = \"hubspot\"
token_file = \"$T/hubspot.token\"
${bad%%|*}"
  expect_exit 9 policy apply "$T/bad.toml" --yes
  expect_stderr "systems.hubspot: ${bad#*|}"
done
GDPR_CONFIG="$T/bad.toml" write_config "" "
[[systems]]
name = \"hubspot\"
kind = \"hubspot\"
token_file = \"hubspot.token\""
expect_exit 9 policy apply "$T/bad.toml" --yes
expect_stderr "needs token_file = the absolute path"
GDPR_CONFIG="$T/bad.toml" write_config "" "
[[systems]]
name = \"crm\"
hold = \"true\"
token_file = \"$T/hubspot.token\""
expect_exit 9 policy apply "$T/bad.toml" --yes
expect_stderr "belong to kind = \"hubspot\""
expect_exit 0 audit --verify
pass
