# gdpr init: creates the database with mode 0600 (or file_mode), is idempotent, and every other
# command on a missing, foreign, or newer database fails with exit 9 and a hint.
source "$(dirname "$0")/common.sh"

expect_exit 9 contact list
expect_stderr "database $T/gdpr.db does not exist; run \`gdpr init\`"
[ ! -e "$T/gdpr.db" ] || fail "a read command created the database"

expect_exit 0 init
expect_stdout "Created database $T/gdpr.db (mode 0600)"
[ "$(stat -c %a "$T/gdpr.db")" = 600 ] || fail "mode is $(stat -c %a "$T/gdpr.db")"
expect_exit 0 init
expect_stdout "exists and is up to date (schema version 8)"
expect_exit 0 init --format json
expect_json 'd["outcome"] == "exists" and d["schema_version"] == 8'

# file_mode for a team group, and a folder that does not exist yet
write_config 'file_mode = "0660"'
expect_exit 0 --db "$T/team/shared.db" init
[ "$(stat -c %a "$T/team/shared.db")" = 660 ] || fail "team mode is $(stat -c %a "$T/team/shared.db")"
write_config

# path precedence: --db, then $GDPR_DB, then config `database`, then XDG_DATA_HOME
unset GDPR_DB
expect_exit 0 init
expect_stdout "$T/xdg-data/gdpr/gdpr.db"
write_config "database = \"$T/from-config.db\""
expect_exit 0 init
expect_stdout "$T/from-config.db"
GDPR_DB="$T/from-env.db" expect_exit 0 init
expect_stdout "$T/from-env.db"
GDPR_DB="$T/from-env.db" expect_exit 0 --db "$T/from-option.db" init
expect_stdout "$T/from-option.db"
export GDPR_DB="$T/gdpr.db"
write_config

# a newer schema is refused
cp "$T/gdpr.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 9"
expect_exit 9 --db "$T/newer.db" review
expect_stderr "has schema version 9, newer than this gdpr (8)"
expect_exit 9 --db "$T/newer.db" init

# a file that is not a database, and another program's SQLite database
head -c 4096 /dev/urandom > "$T/junk.db"
expect_exit 9 --db "$T/junk.db" review
expect_stderr "is not a gdpr database"
sqlite3 "$T/foreign.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
expect_exit 9 --db "$T/foreign.db" init
expect_stderr "is an SQLite database of another program"
[ "$(sqlite3 "$T/foreign.db" 'SELECT count(*) FROM sqlite_schema')" = 1 ] || fail "foreign database was changed"

# a writer waits for the busy timeout, then exit 9
write_config 'busy_timeout_seconds = 1'
gdpr contact add c-1 name=x > /dev/null
sqlite3 "$T/gdpr.db" "BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE key = 'application';" ".shell sleep 3" "COMMIT;" &
sleep 0.5
expect_exit 9 contact add c-2 name=y
expect_stderr "is locked by another process"
wait
pass
