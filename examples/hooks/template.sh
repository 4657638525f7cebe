#!/bin/sh
# Template of a linked-system hook for gdpr (see docs/erasure.md).
# gdpr runs it as `/bin/sh -c COMMAND` with the contact as JSON on stdin and
#   GDPR_ACTION (hold|release|erase), GDPR_SYSTEM, GDPR_CONTACT_ID, GDPR_REQUEST_ID, GDPR_ACTOR
# in the environment. Exit 0 means done; anything else means failed (gdpr retry reruns it).
# It may run more than once for the same step: make every action idempotent.
set -eu

contact_json=$(cat)                                   # never put this on a command line unquoted
email=$(printf '%s' "$contact_json" | jq -r '.properties.email // empty')

case "$GDPR_ACTION" in
  hold)    : "deactivate $GDPR_CONTACT_ID in the system (already inactive is fine)" ;;
  release) : "reactivate $GDPR_CONTACT_ID (already active is fine)" ;;
  erase)   : "delete $GDPR_CONTACT_ID and its e-mail ${email:+(known)} (already gone is fine)" ;;
  *)       echo "unknown action: $GDPR_ACTION" >&2; exit 2 ;;
esac
