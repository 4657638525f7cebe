# A database of schema version 7 (the search index in a WITHOUT ROWID table, its members in the
# key's B-tree): `gdpr init` moves the index to schema 8's rowid table with the key in an index of
# its own, in one transaction; the rows are the same, `contact find` finds what it found, and a
# contact erased afterwards leaves no word of it in the files (the old table's pages were zeroed).
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
gdpr contact add K-1 'name=Zacharias Quellmalz' email=zq-7731@example.org city=Wien > /dev/null
gdpr contact add K-2 'name=Berta Bleibt' email=berta@example.org city=Wien > /dev/null
# Back to schema 7's layout, as gdpr 0.1 of issue 19 left it.
sqlite3 "$GDPR_DB" "
  CREATE TABLE terms_v7 (bucket INTEGER NOT NULL, term TEXT NOT NULL, members TEXT NOT NULL,
                         PRIMARY KEY (bucket, term)) WITHOUT ROWID;
  INSERT INTO terms_v7 SELECT bucket, term, members FROM contact_terms;
  DROP TABLE contact_terms;
  ALTER TABLE terms_v7 RENAME TO contact_terms;
  PRAGMA user_version = 7;"
rows() { sqlite3 "$GDPR_DB" "SELECT group_concat(bucket || ':' || term || ':' || members, ' ') FROM (SELECT * FROM contact_terms ORDER BY bucket, term)"; }
before=$(rows)
[ -n "$before" ] || fail "test setup: no rows in the index"
sum=$(sha256sum < "$GDPR_DB")
expect_exit 9 contact find quellmalz
expect_stderr "has the older schema version 7; run \`gdpr init\` to migrate it to version 8"
[ "$(sha256sum < "$GDPR_DB")" = "$sum" ] || fail "a refused command changed the version-7 file"

expect_exit 0 init
expect_stdout "Migrated database $GDPR_DB to schema version 8"
[ "$(db_query 'PRAGMA user_version')" = 8 ] || fail "not at version 8"
[ "$(rows)" = "$before" ] || fail "the index changed in the migration: $(rows) instead of $before"
db_query "SELECT sql FROM sqlite_schema WHERE name = 'contact_terms'" | grep -q "WITHOUT ROWID" &&
  fail "contact_terms is still a WITHOUT ROWID table"
[ "$(db_query "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'contact_terms_key' AND tbl_name = 'contact_terms'")" = 1 ] ||
  fail "no index contact_terms_key on contact_terms"
[ "$(db_query 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the migration"
expect_exit 0 contact find "ZQ-7731@example.org " --format json
expect_json '[c["id"] for c in d] == ["K-1"]'
expect_exit 0 contact find wien --format json
expect_json '[c["id"] for c in d] == ["K-1", "K-2"]'
# the key is unique, as the old primary key was
expect_exit 0 -q contact add K-2 'name=Berta Bleibt' email=berta@example.org city=Wien
[ "$(db_query "SELECT count(*) FROM contact_terms WHERE term = 'wien'")" = 1 ] || fail "a word's row was doubled"

hits() { cat "$T"/gdpr.db* | grep -a -c -i -F -- "$1" || true; }
[ "$(hits quellmalz)" -gt 0 ] || fail "test setup: quellmalz not in the files before the erasure"
gdpr --as alice request K-1 --reason "Customer asked in writing to erase all data" --clarified > /dev/null
gdpr --as bob approve 1 --yes > /dev/null
expect_exit 0 contact find wien --format json
expect_json '[c["id"] for c in d] == ["K-2"]'
for s in zacharias quellmalz "zq-7731" "Zacharias Quellmalz"; do
  n=$(hits "$s")
  [ "$n" = 0 ] || fail "'$s' is still in the database files ($n hits)"
done
expect_exit 0 audit --verify
pass
