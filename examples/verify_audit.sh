#!/usr/bin/env bash
# Re-verify a gdpr audit chain with jq, base64 and sha256sum only, as docs/audit.md specifies.
# Usage: gdpr audit --format json > trail.json && bash verify_audit.sh trail.json
# Exit 0 with the event count and the head hash if the chain is intact; 8 naming the first bad
# event if not; 9 if the file is missing, unreadable or not an exported trail; 2 for bad usage.
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: verify_audit.sh TRAIL.json (from \`gdpr audit --format json\`)" >&2
  exit 2
fi
trail=$1
if [ ! -f "$trail" ] || [ ! -r "$trail" ]; then
  echo "verify_audit: cannot read $trail: $( [ -e "$trail" ] && echo 'permission denied or not a file' || echo 'no such file')" >&2
  exit 9
fi
if ! jq -e 'type == "array"' "$trail" > /dev/null 2>&1; then
  echo "verify_audit: $trail is not an exported trail (a JSON list of events from \`gdpr audit --format json\`)" >&2
  exit 9
fi
if ! jq -e 'all(.[]; has("details_text"))' "$trail" > /dev/null; then
  echo "verify_audit: warning: the export has no details_text (an older gdpr); details are hashed as re-serialized" >&2
fi

# One line per event: seq, prev_hash, hash, whether `details` is what `details_text` says, and
# the canonical serialization in base64 (it may hold any byte). gdpr writes DEL as itself where
# jq's tojson writes \u007f, hence q. details_text are the stored bytes, hashed as they are.
program='
def q: "\"" + (split("\u007f") | map(tojson | .[1:-1]) | join("\u007f")) + "\"";
def opt(f): if . == null then "null" else f end;
.[] | [
  (.seq | tostring), .prev_hash, .hash,
  (if has("details_text") then ((.details_text | . as $t | try fromjson catch $t) == .details) else true end | tostring),
  ("{\"action\":" + (.action | q) + ",\"actor\":" + (.actor | q) + ",\"at\":" + (.at | q)
   + ",\"contact_id\":" + (.contact_id | opt(q))
   + ",\"details\":" + (if has("details_text") then .details_text else (.details | tojson) end)
   + ",\"request_id\":" + (.request_id | opt(tostring)) + ",\"seq\":" + (.seq | tostring) + "}" | @base64)
] | join("\t")'
lines=$(jq -r "$program" "$trail") || { echo "verify_audit: $trail has an event without the fields of an export" >&2; exit 9; }

prev=0000000000000000000000000000000000000000000000000000000000000000
count=0
while IFS=$'\t' read -r seq prev_hash hash details_ok body; do
  [ -n "$seq" ] || continue  # an empty trail
  problem=""
  if [ "$seq" != $((count + 1)) ]; then
    problem="sequence number $seq where $((count + 1)) was expected"
  elif [ "$prev_hash" != "$prev" ]; then
    problem="prev_hash does not match the hash of the event before it"
  elif [ "$( { printf '%s\n' "$prev"; base64 -d <<<"$body"; } | sha256sum | cut -d' ' -f1)" != "$hash" ]; then
    problem="hash does not match the event's content"
  elif [ "$details_ok" != true ]; then
    problem="details do not match details_text (the export was edited)"
  fi
  if [ -n "$problem" ]; then
    echo "audit chain broken at event $seq: $problem" >&2
    exit 8
  fi
  prev=$hash
  count=$((count + 1))
done <<<"$lines"
echo "Audit chain OK: $count events, head $prev"
