# Linked systems: every command gets the contact as JSON on stdin and the ids in GDPR_* variables;
# data never reaches a command line (injection attempts through the contact id create nothing);
# hook output goes to the user's stderr and is never stored.
source "$(dirname "$0")/common.sh"
make_logging_hook
systems_config jet-main crm
gdpr init > /dev/null

evil='$(touch pwned)`touch pwned2`; touch pwned3'"'"'; DROP TABLE contacts; --'
gdpr contact add "$evil" 'name=Eve "Quote"' 'email=eve@example.com' > /dev/null
expect_exit 0 --as alice request "$evil" --reason "Customer asked in writing" --clarified
expect_stderr "hook says: hold done in jet-main"
expect_stderr "hook says: hold done in crm"
! grep -q "hook says" "$T/out" || fail "hook output reached stdout"
for f in pwned pwned2 pwned3; do [ ! -e "$T/$f" ] && [ ! -e "$T/hooks/$f" ] || fail "injection created $f"; done

python3 - "$T/hooks/log/hold-jet-main-1.json" "$evil" <<'PY' || fail "stdin JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d == {"id": sys.argv[2], "properties": {"name": 'Eve "Quote"', "email": "eve@example.com"}}, d
PY
cat > "$T/want.env" <<ENV
GDPR_ACTION=hold
GDPR_ACTOR=alice
GDPR_CONTACT_ID=$evil
GDPR_REQUEST_ID=1
GDPR_SYSTEM=jet-main
ENV
diff "$T/want.env" "$T/hooks/log/hold-jet-main-1.env" >&2 || fail "hook environment"

expect_exit 0 review 1 --format json
expect_json '[(s["system"], s["action"], s["state"], s["attempts"]) for s in d["steps"]] == [("jet-main", "hold", "done", 1), ("crm", "hold", "done", 1)]'
expect_exit 0 review 1
expect_stdout "jet-main  hold    done   1 attempt"

# reject runs release everywhere; a new request, then approve runs erase everywhere
expect_exit 0 --as bob reject 1 --reason "Checking a legal retention duty first"
[ "$(runs_of release-jet-main-1)" = 1 ] && [ "$(runs_of release-crm-1)" = 1 ] || fail "release steps"
grep -q '^GDPR_ACTOR=bob$' "$T/hooks/log/release-crm-1.env" || fail "release actor"
gdpr --as alice request "$evil" --reason "Customer asked again in writing" --clarified -q > /dev/null 2>&1
expect_exit 0 --as carol approve 2 --yes
[ "$(runs_of erase-jet-main-2)" = 1 ] && [ "$(runs_of erase-crm-2)" = 1 ] || fail "erase steps"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["properties"]["email"] == "eve@example.com"' \
  "$T/hooks/log/erase-crm-2.json" || fail "erase hook did not get the data"
expect_exit 0 contact show "$evil" --format json
expect_json 'd["status"] == "erased" and d["properties"] == {}'
for s in "hook says" "Eve \"Quote\"" "eve@example.com"; do
  ! cat "$T"/gdpr.db* | grep -a -q -F -- "$s" || fail "'$s' is in the database files"
done
expect_exit 0 audit --action step.done --format json
expect_json 'len(d) == 8 and all(set(e["details"]) == {"system", "action", "attempt", "outcome"} for e in d)'
expect_exit 0 audit --verify

# a rejection for a retention duty (SPEC §10) keeps the hold in every linked system: no release
gdpr contact add k-kept name=Kept email=kept@example.com > /dev/null
gdpr --as alice request k-kept --reason "Customer asked in writing" --clarified -q > /dev/null 2>&1
expect_exit 0 --as bob reject 3 --reason "Open invoice: § 132 BAO" --retain-until 2033-12-31
[ "$(runs_of hold-crm-3)" = 1 ] || fail "the hold of request 3 did not run"
[ "$(runs_of release-crm-3)" = 0 ] && [ "$(runs_of release-jet-main-3)" = 0 ] || fail "a restricted contact was released"
expect_exit 0 review 3 --format json
expect_json '[s["action"] for s in d["steps"]] == ["hold", "hold"]'
expect_exit 0 --as carol retry 3
[ "$(runs_of release-crm-3)" = 0 ] || fail "retry released a restricted contact"
pass
