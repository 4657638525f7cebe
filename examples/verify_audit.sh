#!/usr/bin/env bash
# Re-verify a gdpr audit chain with jq and sha256sum only, as docs/audit.md specifies.
# Usage: gdpr audit --format json > trail.json && bash verify_audit.sh trail.json
set -euo pipefail
prev=0000000000000000000000000000000000000000000000000000000000000000
count=0
while read -r event; do
  body=$(jq -cS '{seq, at, actor, action, request_id, contact_id, details}' <<<"$event")
  hash=$(printf '%s\n%s' "$prev" "$body" | sha256sum | cut -d' ' -f1)
  if [ "$hash" != "$(jq -r .hash <<<"$event")" ] || [ "$prev" != "$(jq -r .prev_hash <<<"$event")" ] ||
     [ "$(jq .seq <<<"$event")" != $((count + 1)) ]; then
    echo "chain broken at event $(jq .seq <<<"$event")" >&2
    exit 8
  fi
  prev=$hash
  count=$((count + 1))
done < <(jq -c '.[]' "$1")
echo "ok: $count events, head $prev"
