# gdpr approve: the four-eyes rule in every name variant, reviewers only, --yes without a
# terminal, approvals_required distinct reviewers, and the erasure itself.
source "$(dirname "$0")/common.sh"
with_request c-1
snapshot

for me in alice Alice ALICE ' alice' 'alice ' '  aLiCe  '; do
  expect_exit 4 --as "$me" approve 1 --yes
  expect_stderr "four-eyes rule: 'alice' filed request 1 and may not approve it"
done
GDPR_ACTOR=ALICE expect_exit 4 approve 1 --yes
expect_exit 4 --as mallory approve 1 --yes
expect_stderr_by_backend "'mallory' is not a reviewer (roles.reviewers in the policy of $GDPR_DB" \
  "the database role 'mallory' has no gdpr role"
expect_exit 2 --as bob approve 1
expect_stderr "pass --yes to confirm"
expect_exit 5 --as bob approve 99 --yes
expect_stderr "request 99 not found"
expect_exit 2 --as bob approve abc --yes
expect_unchanged

# no reviewers configured: nobody may approve (on PostgreSQL the reviewers are the members of
# gdpr_reviewers: tests/pg/test_server_rules.sh)
if backend_is sqlite; then
  cp "$GDPR_CONFIG" "$T/config.keep"
  printf '[identity]\nallow_override = true\n' > "$GDPR_CONFIG"
  policy_apply
  snapshot
  expect_exit 4 --as bob approve 1 --yes
  expect_stderr "no reviewers are configured; set roles.reviewers"
  expect_unchanged
  cp "$T/config.keep" "$GDPR_CONFIG"
  policy_apply
fi

# bob approves: erased; the global --yes may stand before the subcommand too
expect_exit 0 --yes --as Bob approve 1 --comment "paper file checked"
expect_stdout "Approved request 1: contact c-1 is erased."
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "erased" and d["decided_by"] == "bob" and d["approvals"][0]["comment"] == "paper file checked"'
expect_exit 0 contact show c-1 --format json
expect_json 'd["status"] == "erased" and d["properties"] == {} and d["erased_by_request"] == 1'
snapshot 1
expect_exit 6 --as carol approve 1 --yes
expect_stderr "request 1 is erased, not pending"
expect_exit 6 --as carol request c-1 --reason "Customer asked in writing again" --clarified
expect_unchanged 1

# two distinct reviewers needed
write_config
sed -i 's/^\[roles\]$/[roles]\napprovals_required = 2/' "$GDPR_CONFIG"
policy_apply
gdpr contact add c-2 name=Erika > /dev/null
gdpr --as alice request c-2 --reason "Customer asked in writing" --clarified -q > /dev/null
expect_exit 0 --as bob approve 2
expect_stdout "Approved request 2 (1 of 2); 1 more reviewer approval is needed."
snapshot 2
expect_exit 6 --as ' BOB' approve 2 --yes
expect_stderr "'bob' has already approved request 2"
expect_exit 2 --as carol approve 2
expect_unchanged 2
expect_exit 0 --as carol approve 2 --yes --format json
expect_json 'd["erased"] is True and [a["by"] for a in d["approvals"]] == ["bob", "carol"]'
pass
