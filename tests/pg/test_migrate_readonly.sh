# `gdpr migrate` needs only read access to the SQLite file and its folder (issue 15): a user who
# may read the file but write nothing next to it migrates it, and the folder is left exactly as it
# was (no -shm, no -journal, no lock) — a copy from the backup without -wal and -shm, and a copy
# taken while somebody worked, with pages still in its -wal and no -shm. A run as that user needs
# root to create it (else skipped).
source "$(dirname "$0")/common.sh"
source "$GDPR_SOURCE_DIR/tests/cli/users.sh"
need_team

mkdir "$T/ro"
export GDPR_DB="$T/ro/gdpr.db"
gdpr init > /dev/null
gdpr contact add c-1 'name=Max Müller' email=max.mueller@example.com > /dev/null
gdpr contact add c-2 'name=Erika Schön' email=erika@example.com > /dev/null
gdpr --as alice request c-1 --reason "Customer asked by letter" --clarified -q > /dev/null
gdpr --as bob --yes approve 1 > /dev/null 2>&1
# as a copy from the backup arrives: the database file alone (its empty -wal and -shm left behind)
[ ! -s "$T/ro/gdpr.db-wal" ] || fail "the -wal still holds pages"
rm -f "$T/ro/gdpr.db-wal" "$T/ro/gdpr.db-shm"
chmod 0755 "$T/ro"
chmod 0644 "$T/ro"/gdpr.db
chmod 0644 "$GDPR_CONFIG"
ls -lA --time-style=+%s.%N "$T/ro" > "$T/ro.before"
sha256sum "$T/ro"/gdpr.db* > "$T/sums.before"
# gdprt_ann can read the folder and the file, and write neither
setpriv --reuid=gdprt_ann --regid=gdprt_ann --init-groups sh -c 'touch "$1/x" 2> /dev/null' _ "$T/ro" &&
  fail "gdprt_ann can write the folder"

as gdprt_ann migrate --to "$(uri gdpr_owner)"
[ "$status" -eq 0 ] || fail "migrate as a reader: exit $status: $(cat "$T/err")"
expect_stdout "2 contacts"
ls -lA --time-style=+%s.%N "$T/ro" > "$T/ro.after"
cmp -s "$T/ro.before" "$T/ro.after" || { diff "$T/ro.before" "$T/ro.after" >&2; fail "the folder changed"; }
sha256sum -c --quiet "$T/sums.before" || fail "the SQLite files changed"
pg_expect 0 gdpr_owner audit --verify

# A copy taken while a member worked: the last commits are still in the -wal (another connection
# kept SQLite from moving them into the file), and there is no -shm.
mkdir "$T/live" "$T/ro2"
export GDPR_DB="$T/live/gdpr.db"
gdpr init > /dev/null
gdpr contact add c-1 'name=Max Müller' email=max.mueller@example.com > /dev/null
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM contacts").fetchall()
open(sys.argv[2], "w").close(); time.sleep(120)' "$GDPR_DB" "$T/holding" &
holder=$!
wait_for_file "$T/holding"
gdpr contact add c-2 'name=Erika Schön' email=erika@example.com > /dev/null
gdpr contact add c-3 'name=Jan Nowak' email=jan@example.com > /dev/null
gdpr --as alice request c-3 --reason "Customer asked by letter" --clarified -q > /dev/null
[ -s "$T/live/gdpr.db-wal" ] || fail "the -wal holds no pages: the test shows nothing"
cp "$T/live/gdpr.db" "$T/live/gdpr.db-wal" "$T/ro2/"
kill "$holder"; wait "$holder" 2> /dev/null || true
chmod 0755 "$T/ro2"
chmod 0644 "$T/ro2"/gdpr.db*
export GDPR_DB="$T/ro2/gdpr.db"
ls -lA --time-style=+%s.%N "$T/ro2" > "$T/ro2.before"
sha256sum "$T/ro2"/gdpr.db* > "$T/sums2.before"
psql_as postgres -c "CREATE DATABASE gdpr2 OWNER gdpr_owner" > /dev/null
as gdprt_ann migrate --to "$(uri gdpr_owner gdpr2)" --format json
[ "$status" -eq 0 ] || fail "migrate as a reader of a copy with pages in its -wal: exit $status: $(cat "$T/err")"
expect_json 'd["contacts"] == 3 and d["requests"] == 1'
ls -lA --time-style=+%s.%N "$T/ro2" > "$T/ro2.after"
cmp -s "$T/ro2.before" "$T/ro2.after" || { diff "$T/ro2.before" "$T/ro2.after" >&2; fail "the folder changed"; }
sha256sum -c --quiet "$T/sums2.before" || fail "the SQLite files changed"
GDPR_DB=$(uri gdpr_owner gdpr2) expect_exit 0 contact show c-3 --format json
expect_json 'd["status"] == "on-hold"'
GDPR_DB=$(uri gdpr_owner gdpr2) expect_exit 0 audit --verify
[ -z "$(ls -A "${TMPDIR:-/tmp}" | grep '^gdpr-migrate-' || true)" ] || fail "the private copy was left behind"
pass
