# gdpr request: the reason rule, --clarified, --received, one open request per contact, the hold.
source "$(dirname "$0")/common.sh"
setup_contact c-1
gdpr contact add c-2 name=Erika > /dev/null
snapshot

# refusals: exit 2 / 5 / 6 and nothing changed
expect_exit 2 --as alice request c-1 --reason "Customer asked in writing to erase"
expect_stderr "first clarify with the customer that blocking mail is not enough (\`gdpr block c-1 all-mail\`"
expect_exit 2 --as alice request c-1 --reason "too short" --clarified
expect_stderr "reason is too short: 9 characters, at least 10 needed (reason.min_length)"
expect_exit 2 --as alice request c-1 --reason "   " --clarified
expect_stderr "reason is empty"
expect_exit 2 --as alice request c-1 --clarified
expect_stderr "--reason is required"
expect_exit 2 --as alice request c-1 --reason "$(head -c 2001 /dev/zero | tr '\0' x)" --clarified
expect_stderr "reason is too long: 2001 characters"
expect_exit 2 --as alice request c-1 --reason "Customer asked in writing" --clarified --received 2099-01-01
expect_stderr "--received 2099-01-01 is in the future"
for bad in 2026-02-30 30.02.2026 29.11.26 2026-1-5 yesterday 2026-11-29T10:00; do
  expect_exit 2 --as alice request c-1 --reason "Customer asked in writing" --clarified --received "$bad"
  expect_stderr "--received '$bad' is not a valid date: use YYYY-MM-DD or DD.MM.YYYY"
done
expect_exit 5 --as alice request nobody --reason "Customer asked in writing" --clarified
expect_unchanged

# filed: -q prints only the id; the contact is on hold and blocked
expect_exit 0 --as alice request c-1 --reason "  Customer asked in writing to erase all data  " --clarified \
  --received 31.01.2026 --channel letter -q  # (the German form: SPEC §12)
expect_stdout_is 1
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "pending" and d["reason"] == "Customer asked in writing to erase all data"'
expect_json 'd["received_on"] == "2026-01-31" and d["due_on"] == "2026-03-02" and d["channel"] == "letter"'
expect_json 'd["requested_by"] == "alice" and d["assignee"] == "bob"'
expect_exit 0 contact show c-1 --format json
expect_json 'd["status"] == "on-hold" and d["blocks"] == ["all-mail"]'
expect_exit 0 contact list --mailable --format json
expect_json '[c["id"] for c in d] == ["c-2"]'

# a second open request is a conflict
snapshot 1
expect_exit 6 --as carol request c-1 --reason "Customer asked again by phone" --clarified
expect_stderr "contact 'c-1' already has the open request 1"
expect_unchanged 1

# the reason from stdin, text output
printf 'Customer wrote:\nplease erase everything\n' > "$T/reason.txt"
STDIN="$T/reason.txt" expect_exit 0 --as alice request c-2 --reason - --clarified
expect_stdout "Filed request 2 for contact c-2"
expect_exit 0 review 2 --format json
expect_json 'd["reason"] == "Customer wrote:\nplease erase everything"'

# requesters list restricts who may file
cat > "$GDPR_CONFIG" <<'TOML'
[identity]
allow_override = true
[roles]
reviewers = ["bob"]
requesters = ["alice"]
TOML
policy_apply
gdpr contact add c-3 name=x > /dev/null
snapshot 2
expect_exit 4 --as mallory request c-3 --reason "Customer asked in writing" --clarified
expect_stderr_by_backend "'mallory' may not file deletion requests: not in roles.requesters" "the database role 'mallory' has no gdpr role"
expect_unchanged 2
pass
