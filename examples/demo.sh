#!/usr/bin/env bash
# The whole four-eyes workflow on a throwaway database:
# alice files a request, her own approval is refused, bob approves, the audit chain verifies.
# Run through `bash scripts/run.sh demo`, or with GDPR_BIN pointing at a built gdpr.
set -euo pipefail

examples=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
gdpr_bin=${GDPR_BIN:-gdpr}
work=$(mktemp -d "${TMPDIR:-/tmp}/gdpr-demo-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GDPR_DB="$work/demo.db" GDPR_CONFIG="$examples/demo-config.toml"
unset GDPR_ACTOR

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

step "The back-office queue"
run --as bob review

step "alice tries to approve her own request: the four-eyes rule refuses (exit 4)"
status=0
run --as alice approve 1 --yes || status=$?
echo "exit status: $status"
[ "$status" -eq 4 ] || { echo "demo: expected exit 4" >&2; exit 1; }

step "bob reviews the request and approves it: the contact is erased"
run --as bob review 1
run --as bob approve 1 --yes --comment "Checked, no retention duty applies"
run contact show K-1002
if cat "$GDPR_DB"* | grep -a -q "Jürgen"; then
  echo "demo: erased data is still in the database files" >&2
  exit 1
fi
echo "A byte search of $GDPR_DB* finds no trace of 'Jürgen'."

step "An old export re-imported by mistake does not bring him back"
run contact import "$examples/contacts-de.csv" --id-column Kundennr

step "The audit trail, and its verification"
run audit
run audit --verify
