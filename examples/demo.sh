#!/usr/bin/env bash
# The whole four-eyes workflow on a throwaway database:
# alice files a request, her own approval is refused, bob approves, the audit chain verifies.
# Run through `bash scripts/run.sh demo`, or with GDPR_BIN pointing at a built gdpr.
set -euo pipefail

examples=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
gdpr_bin=${GDPR_BIN:-gdpr}
work=$(mktemp -d "${TMPDIR:-/tmp}/gdpr-demo-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GDPR_DB="$work/demo.db" GDPR_CONFIG="$work/config.toml" JET_DB="$work/jet.db"
unset GDPR_ACTOR

# The demo config plus one linked system: a "JET" database simulated by an SQLite file, which gdpr
# reaches itself with one statement per action (kind = "sqlite", docs/linked-systems.md).
cp "$examples/demo-config.toml" "$GDPR_CONFIG"
cat >> "$GDPR_CONFIG" <<TOML

[[systems]]
name = "jet-main"
kind = "sqlite"
database = "$JET_DB"
hold = "UPDATE kontakte SET aktiv = 0 WHERE id = :id"
release = "UPDATE kontakte SET aktiv = 1 WHERE id = :id"
erase = "DELETE FROM kontakte WHERE id = :id"
timeout_seconds = 30
TOML
python3 - "$JET_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE kontakte (id TEXT PRIMARY KEY, aktiv INTEGER, name TEXT, email TEXT)")
db.executemany("INSERT INTO kontakte VALUES (?, 1, ?, ?)", [
    ("K-1001", "Max Müller", "max.mueller@example.com"),
    ("K-1002", "Jürgen Groß", "juergen.gross@example.de"),
    ("K-1003", "Anna Weiß", "anna.weiss@example.at")])
db.commit()
PY
jet() { printf 'JET database: '; python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT group_concat(id || (CASE aktiv WHEN 1 THEN \" active\" ELSE \" inactive\" END), \", \") FROM kontakte").fetchone()[0])' "$JET_DB"; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ gdpr %s\n' "$*"; "$gdpr_bin" "$@"; }

step "An admin creates the database and imports contacts from a German Excel export"
run init
run contact import "$examples/contacts-de.csv" --id-column Kundennr
run contact list

step "Jürgen Groß asks to have his data erased; alice clarified that a block is not enough"
run --as alice request K-1002 --reason "Customer asked by e-mail on $(date +%F) to erase all his data (Art. 17)" \
  --channel email --clarified
run contact show K-1002
jet

step "The back-office queue"
run --as bob review

step "alice tries to approve her own request: the four-eyes rule refuses (exit 4)"
status=0
run --as alice approve 1 --yes || status=$?
echo "exit status: $status"
[ "$status" -eq 4 ] || { echo "demo: expected exit 4" >&2; exit 1; }

step "bob reviews the request, prints the sheet for the paper file, and approves: the contact is erased"
run --as bob review 1
run --as bob print-sheet --request 1
run --as bob approve 1 --yes --comment "Checked, no retention duty applies" --letter "$work/bestaetigung.txt"
run contact show K-1002
jet
if cat "$GDPR_DB"* "$JET_DB"* | grep -a -q "Jürgen"; then
  echo "demo: erased data is still in the database files" >&2
  exit 1
fi
echo "A byte search of the gdpr and JET database files finds no trace of 'Jürgen'."

step "The confirmation the customer is owed, written just before the erasure (SPEC §10)"
cat "$work/bestaetigung.txt"

step "Anna Weiß asks too, but an open invoice must be kept for seven years: rejected, she stays restricted"
run --as alice request K-1003 --reason "Customer asked by phone to erase her data" --channel phone --clarified
run --as bob reject 2 --reason "Open invoice 2026-117: retention duty under § 132 BAO" --retain-until 2033-12-31
run contact show K-1003
run --as bob letter 2
jet

step "An old export re-imported by mistake does not bring him back"
run contact import "$examples/contacts-de.csv" --id-column Kundennr

step "The audit trail, and its verification"
run audit
run audit --verify
