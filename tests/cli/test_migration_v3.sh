# A real version-3 database (tests/fixtures/schema-v3.db, written by gdpr before policies, with
# the configuration tests/fixtures/schema-v3.toml): every command but init refuses it (exit 9)
# and leaves it as it was; `gdpr init` upgrades it to version 4 in one go, stores the policy of
# the configuration in force (policy.set), turns a free-text channel into a token, and from
# then on the database's policy counts.
source "$(dirname "$0")/common.sh"
cp "$GDPR_SOURCE_DIR/tests/fixtures/schema-v3.db" "$GDPR_DB"
cp "$GDPR_SOURCE_DIR/tests/fixtures/schema-v3.toml" "$GDPR_CONFIG"
before=$(sha256sum < "$GDPR_DB")
for cmd in "review" "--as bob approve 2 --yes" "contact add c-9 name=x" "audit --verify" "policy show"; do
  # shellcheck disable=SC2086
  expect_exit 9 $cmd
  expect_stderr "has the older schema version 3; run \`gdpr init\` to migrate it to version 8"
done
[ "$(sha256sum < "$GDPR_DB")" = "$before" ] || fail "a refused command changed the version-3 file"

expect_exit 0 init
expect_stdout "Migrated database $GDPR_DB to schema version 8"
expect_stdout "Stored the policy of $GDPR_CONFIG in the database; admins: $(id -un)"
[ "$(sqlite3 "$GDPR_DB" 'PRAGMA user_version')" = 8 ] || fail "not at version 8"
[ "$(sqlite3 "$GDPR_DB" "SELECT group_concat(channel, ',') FROM requests ORDER BY id")" = "other,phone" ] ||
  fail "the free-text channel was not made a token"
expect_exit 0 audit --verify
expect_stdout "Audit chain OK: 8 events"
expect_exit 0 policy show --format json
expect_json 'd["roles"]["reviewers"] == ["bob", "carol"] and d["identity"]["allow_override"] is True and d["roles"]["admins"] == [__import__("os").popen("id -un").read().strip()]'
expect_exit 0 init
expect_stdout "exists and is up to date (schema version 8)"
# the contacts stored before the search index (schema 6) are found; the erased one leaves no term
expect_exit 0 contact find "MAX@example.AT" --format json
expect_json '[c["id"] for c in d] == ["K-2"]'
[ "$(sqlite3 "$GDPR_DB" "SELECT group_concat(term, ' ') FROM (SELECT term FROM contact_terms ORDER BY term)")" = "at example max muster" ] ||
  fail "the index is not K-2's words alone: $(sqlite3 "$GDPR_DB" "SELECT * FROM contact_terms")"

# the policy is the database's now: a file that widens it is refused, the same file is fine
snapshot
printf '[roles]\nreviewers = ["alice", "bob", "carol"]\n' > "$T/mine.toml"
expect_exit 9 --config "$T/mine.toml" --as alice approve 2 --yes
expect_stderr "sets roles.reviewers = [\"alice\",\"bob\",\"carol\"], but the policy of $GDPR_DB has [\"bob\",\"carol\"]"
expect_unchanged
expect_exit 0 --as carol approve 2 --yes
expect_exit 0 audit --verify
pass
