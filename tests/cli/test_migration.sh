# A database of schema version 1 (tests/fixtures/schema-v1.db, written by gdpr 0.1 before
# migration 2 existed): read-only commands refuse it with a hint, `gdpr init` migrates it in one
# transaction, and its data and audit chain come through unchanged.
source "$(dirname "$0")/common.sh"
cp "$GDPR_SOURCE_DIR/tests/fixtures/schema-v1.db" "$GDPR_DB"
sqlite3 "$GDPR_DB" "SELECT * FROM audit ORDER BY seq" > "$T/audit.before"
expect_exit 9 review
expect_stderr "has the older schema version 1; run \`gdpr init\` to migrate it to version 2"
[ "$(sqlite3 "$GDPR_DB" 'PRAGMA user_version')" = 1 ] || fail "a read-only command migrated"
expect_exit 0 init
expect_stdout "Migrated database $T/gdpr.db to schema version 2"
[ "$(sqlite3 "$GDPR_DB" 'PRAGMA user_version')" = 2 ] || fail "not migrated"
sqlite3 "$GDPR_DB" "SELECT * FROM audit ORDER BY seq" > "$T/audit.after"
cmp -s "$T/audit.before" "$T/audit.after" || fail "the audit trail changed in the migration"
expect_exit 0 audit --verify
expect_stdout "Audit chain OK: 6 events"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "erased" and d["erased_at"] is not None and d["erased_at"].endswith("Z")'
expect_exit 0 review 2 --format json
expect_json 'd["state"] == "pending" and d["erased_at"] is None'
# and it works on as usual
expect_exit 0 --as carol approve 2 --yes
expect_exit 0 audit --verify

# a write command migrates on its own
cp "$GDPR_SOURCE_DIR/tests/fixtures/schema-v1.db" "$T/other.db"
expect_exit 0 --db "$T/other.db" contact add c-9 name=x
[ "$(sqlite3 "$T/other.db" 'PRAGMA user_version')" = 2 ] || fail "a write command did not migrate"
pass
