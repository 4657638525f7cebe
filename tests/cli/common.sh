# Helpers for the black-box tests, sourced by every tests/cli/test_*.sh.
# Each test runs the real binary ($GDPR_BIN, passed in by CTest) in a fresh
# folder with a fresh environment: its own HOME, XDG folders, config and DB.
set -euo pipefail

: "${GDPR_BIN:?GDPR_BIN must name the built gdpr binary}"
GDPR_SOURCE_DIR=${GDPR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

gdpr_test_backend=${GDPR_TEST_BACKEND:-sqlite}
T=$(mktemp -d "${TMPDIR:-/tmp}/gdpr-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
# also_at_exit COMMAND: runs COMMAND when the test ends, before what was to run then already (the
# private PostgreSQL cluster's stop, the folder's removal), which it never replaces.
also_at_exit() {
  local previous
  previous=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//" -e "s/'\\\\''/'/g")
  # shellcheck disable=SC2064
  trap "$1; $previous" EXIT
}
cd "$T"
for v in $(env | grep -o '^GDPR_[A-Z_]*' | grep -v -e '^GDPR_BIN$' -e '^GDPR_SOURCE_DIR$' -e '^GDPR_BUILD_DIR$' -e '^GDPR_MAN_PAGE$'); do unset "$v"; done
unset NO_COLOR LANG LC_ALL LC_MESSAGES || true
export HOME="$T/home" XDG_CONFIG_HOME="$T/xdg-config" XDG_DATA_HOME="$T/xdg-data"
mkdir -p "$HOME"
export GDPR_DB="$T/gdpr.db"
export GDPR_CONFIG="$T/config.toml"

# The default test configuration: override allowed so one OS user can play every role.
# write_config [TOP-LEVEL-LINES [LINES-AFTER-[review]]]
write_config() {
  cat > "$GDPR_CONFIG" <<TOML
organization = "Muster GmbH"
${1:-}
[identity]
allow_override = true
[roles]
reviewers = ["bob", "carol", "dave", "alice"]
[review]
assignee = "bob"
${2:-}
TOML
}
write_config

gdpr() { "$GDPR_BIN" "$@"; }

fail() {
  echo "FAIL: $*" >&2
  if [ -f "$T/out" ]; then echo "--- stdout:" >&2; cat "$T/out" >&2; fi
  if [ -f "$T/err" ]; then echo "--- stderr:" >&2; cat "$T/err" >&2; fi
  exit 1
}

# expect_exit CODE ARGS...: runs gdpr ARGS with stdin from /dev/null unless $STDIN names a file;
# stdout goes to $T/out and stderr to $T/err.
expect_exit() {
  local want=$1
  shift
  local got=0
  gdpr "$@" < "${STDIN:-/dev/null}" > "$T/out" 2> "$T/err" || got=$?
  [ "$got" -eq "$want" ] || fail "gdpr $* exited $got, expected $want (on $gdpr_test_backend)"
}

expect_stdout() { grep -qF -- "$1" "$T/out" || fail "stdout lacks: $1"; }
expect_stderr() { grep -qF -- "$1" "$T/err" || fail "stderr lacks: $1"; }
expect_no_stdout() { [ ! -s "$T/out" ] || fail "stdout should be empty"; }
expect_stdout_is() { [ "$(cat "$T/out")" = "$1" ] || fail "stdout is '$(cat "$T/out")', expected '$1'"; }

# JSON field check with python3: expect_json 'EXPR' where EXPR is evaluated with d = the document.
expect_json() {
  python3 - "$1" "$T/out" <<'PY' || fail "JSON check failed: $1"
import json, sys
d = json.load(open(sys.argv[2]))
ok = eval(sys.argv[1], {"d": d})
sys.exit(0 if ok else 1)
PY
}

# A dump of every table, to show that a refusal changed nothing.
snapshot() { sqlite3 "$GDPR_DB" .dump > "$T/snapshot.${1:-0}"; }
expect_unchanged() {
  sqlite3 "$GDPR_DB" .dump > "$T/snapshot.now"
  cmp -s "$T/snapshot.${1:-0}" "$T/snapshot.now" || { diff "$T/snapshot.${1:-0}" "$T/snapshot.now" >&2 || true; fail "database changed"; }
}

# db_query SQL: the answer of the database to a query, one row per line, columns split by |.
db_query() { sqlite3 "$GDPR_DB" "$1"; }

# backend_is NAME: whether this run tests the backend NAME (sqlite, or postgresql for pgcli.*).
backend_is() { [ "$gdpr_test_backend" = "$1" ]; }

# expect_stderr_by_backend SQLITE-MESSAGE POSTGRESQL-MESSAGE: where the server words a refusal
# of its own (a login without a gdpr role, say), stderr says the message of this backend.
expect_stderr_by_backend() { if backend_is postgresql; then expect_stderr "$2"; else expect_stderr "$1"; fi; }

# A database with contact c-1 (Max Müller) and, with `with_request`, request 1 filed by alice.
setup_contact() {
  gdpr init > /dev/null
  gdpr contact add "${1:-c-1}" 'name=Max Müller' email=max.mueller@example.com city=Ottakring > /dev/null
}
with_request() {
  setup_contact "${1:-c-1}"
  gdpr --as alice request "${1:-c-1}" --reason "Customer asked in writing to erase all data" --clarified -q > /dev/null
}

pass() { echo "ok: $(basename "$0" .sh)"; }

# A logging hook: writes what it receives to $T/hooks/log/<action>-<system>-<request>.{env,json}
# and counts its runs; fails while $T/hooks/fail-<system> exists; while $T/hooks/slow-<system>
# exists, touches $T/hooks/started-<system> and sleeps as many seconds as that file says.
make_logging_hook() {
  mkdir -p "$T/hooks/log"
  cat > "$T/hooks/log-hook.sh" <<'SH'
#!/bin/sh
dir=$(dirname "$0")
key="$GDPR_ACTION-$GDPR_SYSTEM-$GDPR_REQUEST_ID"
cat > "$dir/log/$key.json"
env | grep -E '^GDPR_(ACTION|SYSTEM|CONTACT_ID|REQUEST_ID|ACTOR)=' | sort > "$dir/log/$key.env"
echo "$key" >> "$dir/log/runs"
if [ -e "$dir/slow-$GDPR_SYSTEM" ]; then touch "$dir/started-$GDPR_SYSTEM"; sleep "$(cat "$dir/slow-$GDPR_SYSTEM")"; fi
[ ! -e "$dir/fail-$GDPR_SYSTEM" ] || { echo "hook: $GDPR_SYSTEM is down" >&2; exit 4; }
echo "hook says: $GDPR_ACTION done in $GDPR_SYSTEM"
SH
  chmod +x "$T/hooks/log-hook.sh"
}

# A config with linked systems that all use the logging hook: systems_config NAME...
systems_config() {
  local extra=""
  for name in "$@"; do
    extra+="
[[systems]]
name = \"$name\"
hold = \"$T/hooks/log-hook.sh\"
release = \"$T/hooks/log-hook.sh\"
erase = \"$T/hooks/log-hook.sh\"
timeout_seconds = ${HOOK_TIMEOUT:-20}
"
  done
  write_config "${TOP_CONFIG:-}" "$extra"
}

# How often the hook ran for KEY (action-system-request).
runs_of() { [ -f "$T/hooks/log/runs" ] || { echo 0; return; }; grep -c -x -F -- "$1" "$T/hooks/log/runs" || true; }

# kill_at_random ARGS...: starts gdpr ARGS and kills it with SIGKILL after 0..150 ms (for crash
# tests; a variable assignment in front, like GDPR_DB=... kill_at_random ..., reaches gdpr).
kill_at_random() {
  "$GDPR_BIN" "$@" > /dev/null 2>&1 &
  local pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 150)))"
  kill -9 "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
}

# Waits up to 20 s for FILE to appear.
wait_for_file() {
  local i
  for i in $(seq 200); do [ -e "$1" ] && return 0; sleep 0.1; done
  fail "timed out waiting for $1"
}

# The database's policy becomes the one of $GDPR_CONFIG (SPEC §2: changing it needs an admin;
# `gdpr init` made the user who ran it one).
policy_apply() { "$GDPR_BIN" policy apply "$GDPR_CONFIG" --yes > /dev/null 2>&1 || fail "gdpr policy apply failed"; }

# on_tty ANSWER ARGS...: runs gdpr ARGS on a pseudo-terminal (util-linux `script`), typing ANSWER
# at its prompt; stdout and stderr in $T/out, gdpr's exit status returned.
on_tty() {
  local answer=$1
  shift
  local cmd="'$GDPR_BIN'"
  for a in "$@"; do cmd+=" '$a'"; done
  local rc=0
  (trap '' PIPE; sleep 0.5; printf '%s\n' "$answer" 2> /dev/null || true) | NO_COLOR=1 script -qec "$cmd" /dev/null > "$T/out" 2>&1 || rc=$?
  return $rc
}

# start_standin SCRIPT DIR SECRET: one of the tests' HTTP stand-ins (tests/cli/SCRIPT, serving from
# DIR, accepting SECRET) on 127.0.0.1, stopped when the test ends; its URL in $standin_url.
start_standin() {
  python3 "$GDPR_SOURCE_DIR/tests/cli/$1" "$2" "$3" &
  standin=$!
  also_at_exit "kill $standin 2> /dev/null || true"
  local _
  for _ in $(seq 1 100); do [ -s "$2/port" ] && break; sleep 0.05; done
  [ -s "$2/port" ] || fail "the stand-in $1 did not start"
  standin_url="http://127.0.0.1:$(cat "$2/port")"
}

# GDPR_TEST_BACKEND=postgresql: the same test against a private PostgreSQL cluster.
if [ "$gdpr_test_backend" = postgresql ]; then source "$GDPR_SOURCE_DIR/tests/cli/on_postgresql.sh"; fi
