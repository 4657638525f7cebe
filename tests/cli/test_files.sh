# The files gdpr creates are its own (SPEC §9), tried with real OS users: init refuses a path
# somebody else prepared; print-sheet -o never writes through a planted link; team members with
# umask 022 and different primary groups write one group database at the same time; a gdpr process
# cannot leave a core dump; an unreadable database or folder is "permission denied" with the group
# to join; an import file name that is not UTF-8 works and is shown escaped.
source "$(dirname "$0")/common.sh"
source "$GDPR_SOURCE_DIR/tests/cli/users.sh"
need_team
mode_of() { stat -c '%a %U %G' "$1"; }

# --- init refuses what it did not create, and leaves it as it was
install -m 0666 -o gdprt_ben /dev/null "$T/planted.db"
expect_exit 9 --db "$T/planted.db" init
expect_stderr "$T/planted.db exists and belongs to gdprt_ben (group root, mode 0666), not to you (root)"
expect_stderr "ask gdprt_ben to run \`gdpr init\`"
[ "$(mode_of "$T/planted.db")" = "666 gdprt_ben root" ] && [ ! -s "$T/planted.db" ] || fail "planted file changed"
echo keep > "$T/elsewhere"
ln -s "$T/elsewhere" "$T/link.db"
expect_exit 9 --db "$T/link.db" init
expect_stderr "$T/link.db is a symbolic link (to $T/elsewhere); gdpr init does not follow links"
[ "$(cat "$T/elsewhere")" = keep ] || fail "the link's target changed"
install -m 0666 /dev/null "$T/open.db"
expect_exit 9 --db "$T/open.db" init
expect_stderr "$T/open.db is writable by every user (mode 0666)"
[ ! -s "$T/open.db" ] || fail "world-writable file changed"
install -m 0666 -o gdprt_ben /dev/null "$T/new.db-wal"
expect_exit 9 --db "$T/new.db" init
expect_stderr "$T/new.db-wal exists and belongs to gdprt_ben"
[ ! -e "$T/new.db" ] || fail "init created a database next to another user's -wal"
mkdir "$T/dir.db"
expect_exit 9 --db "$T/dir.db" init
expect_stderr "$T/dir.db exists and is not a regular file"
# an empty file of one's own (e.g. made with install -g TEAM) is taken, with file_mode exactly
install -m 0644 /dev/null "$T/empty.db"
expect_exit 0 --db "$T/empty.db" init
[ "$(stat -c %a "$T/empty.db")" = 600 ] || fail "adopted empty file has mode $(stat -c %a "$T/empty.db")"
expect_exit 0 --db "$T/empty.db" init
expect_stdout "exists and is up to date"

# --- print-sheet -o: a planted symlink is replaced, never written through; mode 0600 whatever the umask
setup_contact c-1
echo "do not touch" > "$T/victim"
ln -s "$T/victim" "$T/sheet.txt"
(umask 000; "$GDPR_BIN" --as bob print-sheet c-1 -o "$T/sheet.txt" > "$T/out" 2> "$T/err") || fail "print-sheet -o failed"
[ "$(cat "$T/victim")" = "do not touch" ] || fail "print-sheet wrote through a symlink"
[ -f "$T/sheet.txt" ] && [ ! -L "$T/sheet.txt" ] || fail "sheet.txt is not a new regular file"
[ "$(stat -c %a "$T/sheet.txt")" = 600 ] || fail "sheet mode $(stat -c %a "$T/sheet.txt")"
grep -q "Max Müller" "$T/sheet.txt" || fail "sheet content"
ls -a "$T" | grep -q '\.tmp-' && fail "a temporary file was left behind"

# --- a group database in a folder without setgid, its -wal/-shm gone (as after a restore): two
# members with umask 022 and different primary groups write at the same time
mkdir "$T/team"
chgrp gdprt_team "$T/team"
chmod 0770 "$T/team"
write_config 'file_mode = "0660"'
export GDPR_DB="$T/team/gdpr.db"
as gdprt_ann init
[ "$status" -eq 0 ] || fail "init as gdprt_ann: $(cat "$T/err")"
chgrp gdprt_team "$GDPR_DB"
rm -f "$GDPR_DB-wal" "$GDPR_DB-shm"
for round in 1 2 3; do
  pids=()
  for u in gdprt_ann gdprt_ben; do
    setpriv --reuid="$u" --regid="$u" --init-groups env HOME=/nonexistent GDPR_DB="$GDPR_DB" GDPR_CONFIG="$GDPR_CONFIG" \
      bash -c 'umask 022; for i in $(seq 15); do "$0" --as alice contact add "$(id -un)-$1-$i" name=X > /dev/null || exit 1; done' \
      "$GDPR_BIN" "$round" > /dev/null 2> "$T/par-$u-$round.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || fail "a parallel writer failed: $(cat "$T"/par-*-"$round".err)"; done
  [ "$round" = 3 ] || { rm -f "$GDPR_DB-wal" "$GDPR_DB-shm"; }
done
for f in "$GDPR_DB" "$GDPR_DB-wal" "$GDPR_DB-shm"; do
  [ "$(stat -c '%a %G' "$f")" = "660 gdprt_team" ] || fail "$f: $(stat -c '%a %G' "$f")"
done
# (the sqlite3 shell, last to close, removes -wal and -shm: after the check above)
n=$(sqlite3 "$GDPR_DB" "SELECT count(*) FROM contacts"); [ "$n" = 90 ] || fail "lost writes: $n contacts"
as gdprt_ben audit --verify
[ "$status" -eq 0 ] || fail "audit --verify as gdprt_ben: $(cat "$T/err")"

# --- unreadable: a group database the user is not in, a private one, a folder that is closed
snapshot team
chmod 0711 "$T/team"
as gdprt_out review
[ "$status" -eq 9 ] || fail "not in the group: exit $status"
expect_stderr "permission denied: you (gdprt_out) may not read the database $GDPR_DB"
expect_stderr "ask an admin to add you to the group gdprt_team"
chmod 0600 "$GDPR_DB"
as gdprt_ben contact add x-1 name=X
[ "$status" -eq 9 ] || fail "private database: exit $status"
expect_stderr "(owner gdprt_ann, group gdprt_team, mode 0600): it is private to gdprt_ann"
chmod 0660 "$GDPR_DB"
chmod 0770 "$T/team"
GDPR_DB="$T/team/gdpr.db" as gdprt_out review
expect_stderr "permission denied: you (gdprt_out) may not enter the folder $T/team (owner root, group gdprt_team, mode 0770)"
expect_stderr "ask an admin to add you to the group gdprt_team"
! grep -q "gdpr init" "$T/err" || fail "an unreadable database was reported as missing"
[ "$status" -eq 9 ] || fail "closed folder: exit $status"
expect_unchanged team

# --- no core dump: RLIMIT_CORE 0 and not dumpable while a hook keeps gdpr busy; SIGSEGV leaves no core
export GDPR_DB="$T/gdpr.db"
make_logging_hook
systems_config crm
policy_apply
chown gdprt_ann "$GDPR_DB"*
chmod -R 777 "$T/hooks"
echo 10 > "$T/hooks/slow-crm"
mkdir -m 777 "$T/cores"
(cd "$T/cores" && ulimit -c unlimited && exec setpriv --reuid=gdprt_ann --regid=gdprt_ann --init-groups \
  env HOME=/nonexistent GDPR_DB="$GDPR_DB" GDPR_CONFIG="$GDPR_CONFIG" "$GDPR_BIN" --as alice request c-1 \
  --reason "Customer asked in writing to erase all data" --clarified > /dev/null 2>&1) &
pid=$!
wait_for_file "$T/hooks/started-crm"
grep -E '^Max core file size +0 +0 ' "/proc/$pid/limits" > /dev/null || fail "core limit: $(grep core "/proc/$pid/limits")"
# a process that is not dumpable has its /proc files owned by root, not by its user
[ "$(stat -c %U "/proc/$pid/status")" = root ] || fail "gdpr is dumpable"
kill -SEGV "$pid"
wait "$pid" 2> /dev/null || true
[ -z "$(ls -A "$T/cores")" ] || fail "a core dump was left: $(ls -A "$T/cores")"
rm -f "$T/hooks/slow-crm"

# --- an import file name that is not UTF-8: it works, shown escaped; a bad file names it escaped too
printf 'id;name\nu-1;Max\n' > "$T/"$'liste\xff.csv'
expect_exit 0 contact import "$T/"$'liste\xff.csv'
expect_stdout "Imported $T/liste\\xff.csv: 1 rows: 1 added"
printf 'id;name\nu-2;"unclosed\n' > "$T/"$'kaputt\xff.csv'
snapshot bad
expect_exit 2 contact import "$T/"$'kaputt\xff.csv'
expect_stderr "$T/kaputt\\xff.csv:"
expect_unchanged bad
pass
