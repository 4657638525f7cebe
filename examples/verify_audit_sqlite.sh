#!/usr/bin/env bash
# Re-verify a gdpr audit chain straight from an SQLite database file, with sqlite3, basenc, iconv
# and sha256sum only (no gdpr, no export), as docs/audit.md specifies.
# Usage: bash verify_audit_sqlite.sh /srv/gdpr/gdpr.db
# Exit 0 with the event count and the head hash if the chain is intact; 8 naming the first bad
# event if not; 9 if the file is missing or unreadable; 2 for bad usage.
set -euo pipefail
if [ "$#" -ne 1 ]; then echo "usage: verify_audit_sqlite.sh DATABASE" >&2; exit 2; fi
db=$1
if [ ! -f "$db" ] || [ ! -r "$db" ]; then
  echo "verify_audit_sqlite: cannot read $db: $( [ -e "$db" ] && echo 'permission denied or not a file' || echo 'no such file')" >&2
  exit 9
fi
# Per event: seq, prev_hash, hash, and in hex the bytes that are hashed: prev_hash, a line feed
# and the canonical serialization, with `details` as stored. SQLite's json_quote escapes as gdpr
# does (\" \\ \b \f \n \r \t, \u00XX for other C0 controls, everything else as is).
query="SELECT seq, prev_hash, hash, hex(CAST(prev_hash AS TEXT) || char(10)
  || '{\"action\":' || json_quote(CAST(action AS TEXT)) || ',\"actor\":' || json_quote(CAST(actor AS TEXT))
  || ',\"at\":' || json_quote(CAST(at AS TEXT))
  || ',\"contact_id\":' || coalesce(json_quote(CAST(contact_id AS TEXT)), 'null')
  || ',\"details\":' || CAST(details AS TEXT)
  || ',\"request_id\":' || coalesce(CAST(request_id AS INTEGER), 'null') || ',\"seq\":' || CAST(seq AS INTEGER) || '}')
FROM audit ORDER BY seq"
rows=$(sqlite3 -readonly -batch -separator ' ' "file:$db?mode=ro" "$query" 2> "${TMPDIR:-/tmp}/verify_audit_sqlite.$$") || {
  echo "verify_audit_sqlite: cannot read the audit table of $db: $(cat "${TMPDIR:-/tmp}/verify_audit_sqlite.$$")" >&2
  rm -f "${TMPDIR:-/tmp}/verify_audit_sqlite.$$"
  exit 9
}
rm -f "${TMPDIR:-/tmp}/verify_audit_sqlite.$$"
prev=0000000000000000000000000000000000000000000000000000000000000000
count=0
while read -r seq prev_hash hash message; do
  [ -n "$seq" ] || continue  # an empty trail
  problem=""
  if [ "$seq" != $((count + 1)) ]; then
    problem="sequence number $seq where $((count + 1)) was expected"
  elif [ "$prev_hash" != "$prev" ]; then
    problem="prev_hash does not match the hash of the event before it"
  elif ! basenc --base16 -d <<<"$message" | iconv -f UTF-8 -t UTF-8 > /dev/null 2>&1; then
    problem="a field is not valid UTF-8"
  elif [ "$(basenc --base16 -d <<<"$message" | sha256sum | cut -d' ' -f1)" != "$hash" ]; then
    problem="hash does not match the event's content"
  fi
  if [ -n "$problem" ]; then
    echo "audit chain broken at event $seq: $problem" >&2
    exit 8
  fi
  prev=$hash
  count=$((count + 1))
done <<<"$rows"
echo "Audit chain OK: $count events, head $prev"
