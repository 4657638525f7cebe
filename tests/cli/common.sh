# Helpers for the black-box tests, sourced by every tests/cli/test_*.sh.
# Each test runs the real binary ($GDPR_BIN, passed in by CTest) in a fresh
# folder with a fresh environment: its own HOME, XDG folders, config and DB.
set -euo pipefail

: "${GDPR_BIN:?GDPR_BIN must name the built gdpr binary}"
GDPR_SOURCE_DIR=${GDPR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

T=$(mktemp -d "${TMPDIR:-/tmp}/gdpr-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"
for v in $(env | grep -o '^GDPR_[A-Z_]*' | grep -v -e '^GDPR_BIN$' -e '^GDPR_SOURCE_DIR$'); do unset "$v"; done
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
  "$GDPR_BIN" "$@" < "${STDIN:-/dev/null}" > "$T/out" 2> "$T/err" || got=$?
  [ "$got" -eq "$want" ] || fail "gdpr $* exited $got, expected $want"
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

# A database with contact c-1 (Max Müller) and, with `with_request`, request 1 filed by alice.
setup_contact() {
  gdpr init > /dev/null
  gdpr contact add "${1:-c-1}" 'name=Max Müller' email=max.mueller@example.com city=Wien > /dev/null
}
with_request() {
  setup_contact "${1:-c-1}"
  gdpr --as alice request "${1:-c-1}" --reason "Customer asked in writing to erase all data" --clarified -q > /dev/null
}

pass() { echo "ok: $(basename "$0" .sh)"; }
