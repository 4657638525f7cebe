# A database of schema version 1 (tests/fixtures/schema-v1.db, written by gdpr 0.1 before
# migrations 2 and 3 existed): read-only commands refuse it with a hint, `gdpr init` migrates it
# in one transaction, and its data and audit chain come through unchanged. Migration 3 rebuilds
# the contacts table (its status CHECK without an IN list): same rows, same rowids, same rules.
source "$(dirname "$0")/common.sh"
cp "$GDPR_SOURCE_DIR/tests/fixtures/schema-v1.db" "$GDPR_DB"
sqlite3 "$GDPR_DB" "SELECT * FROM audit ORDER BY seq" > "$T/audit.before"
sqlite3 "$GDPR_DB" "SELECT rowid, * FROM contacts ORDER BY rowid" > "$T/contacts.before"
[ -s "$T/contacts.before" ] || fail "the fixture has no contacts"
expect_exit 9 review
expect_stderr "has the older schema version 1; run \`gdpr init\` to migrate it to version 8"
[ "$(sqlite3 "$GDPR_DB" 'PRAGMA user_version')" = 1 ] || fail "a read-only command migrated"
expect_exit 0 init
expect_stdout "Migrated database $T/gdpr.db to schema version 8"
expect_stdout "Stored the policy of $GDPR_CONFIG in the database"
[ "$(sqlite3 "$GDPR_DB" 'PRAGMA user_version')" = 8 ] || fail "not migrated"
# the trail is kept as it was, with one policy.set event after it
sqlite3 "$GDPR_DB" "SELECT * FROM audit WHERE seq <= 6 ORDER BY seq" > "$T/audit.after"
cmp -s "$T/audit.before" "$T/audit.after" || fail "the audit trail changed in the migration"
[ "$(sqlite3 "$GDPR_DB" "SELECT action FROM audit WHERE seq = 7")" = policy.set ] || fail "no policy.set event"
sqlite3 "$GDPR_DB" "SELECT rowid, * FROM contacts ORDER BY rowid" > "$T/contacts.after"
cmp -s "$T/contacts.before" "$T/contacts.after" || fail "the contacts (or their order) changed in the migration"
[ "$(sqlite3 "$GDPR_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the migration"
[ -z "$(sqlite3 "$GDPR_DB" 'PRAGMA foreign_key_check')" ] || fail "foreign keys broken by the migration"
sqlite3 "$GDPR_DB" "SELECT sql FROM sqlite_schema WHERE name = 'contacts'" | grep -q "status = 'active' OR" ||
  fail "contacts was not rebuilt"
[ "$(sqlite3 "$GDPR_DB" "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'contacts' AND type = 'index'")" = 2 ] ||
  fail "contacts lost an index (id, fingerprint)"
# the rebuilt table keeps its rules
if sqlite3 "$GDPR_DB" "UPDATE contacts SET status = 'gone'" 2>/dev/null; then fail "the status CHECK is gone"; fi
if sqlite3 "$GDPR_DB" "PRAGMA foreign_keys = ON; DELETE FROM contacts" 2>/dev/null; then
  fail "requests no longer refer to contacts"
fi
expect_exit 0 audit --verify
expect_stdout "Audit chain OK: 7 events"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "erased" and d["erased_at"] is not None and d["erased_at"].endswith("Z")'
expect_exit 0 review 2 --format json
expect_json 'd["state"] == "pending" and d["erased_at"] is None'
# and it works on as usual
expect_exit 0 --as carol approve 2 --yes
expect_exit 0 audit --verify

# a request whose contact is gone (deleted by hand with foreign keys off): the migration checks
# every reference before it commits, refuses (9) and leaves the file as it was
cp "$GDPR_SOURCE_DIR/tests/fixtures/schema-v1.db" "$T/broken.db"
sqlite3 "$T/broken.db" "DELETE FROM contacts WHERE id = 'c-2'"
sqlite3 "$T/broken.db" .dump > "$T/broken.before"
expect_exit 9 --db "$T/broken.db" init
expect_stderr "database $T/broken.db has a row in requests that refers to a missing row; the migration was rolled back"
sqlite3 "$T/broken.db" .dump > "$T/broken.after"
cmp -s "$T/broken.before" "$T/broken.after" || fail "a refused migration changed the database"
[ "$(sqlite3 "$T/broken.db" 'PRAGMA user_version')" = 1 ] || fail "a refused migration changed the schema version"

# a write command does not migrate (only init stores the policy) and leaves the file as it was
cp "$GDPR_SOURCE_DIR/tests/fixtures/schema-v1.db" "$T/other.db"
cmp_before=$(sha256sum < "$T/other.db")
expect_exit 9 --db "$T/other.db" contact add c-9 name=x
expect_stderr "run \`gdpr init\` to migrate it to version 8"
[ "$(sha256sum < "$T/other.db")" = "$cmp_before" ] || fail "a refused write command changed the file"
pass
