# `gdpr migrate` needs only read access to the SQLite file and its folder (issue 15): a user who
# may read the file (a copy from the backup, without -wal and -shm) but write nothing next to it
# migrates it, and the folder is left exactly as it was (no -shm, no -journal, no lock). A run as that user needs root to create it (else skipped).
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
pass
