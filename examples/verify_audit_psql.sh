#!/usr/bin/env bash
# Re-verify a gdpr audit chain inside PostgreSQL with psql only (verify_audit.sql; no gdpr).
# Usage: bash verify_audit_psql.sh "postgresql:///gdpr?host=/run/postgresql"
# Exit 0 with the event count and the head hash if intact, 8 naming the first bad event, 9 if the
# database cannot be read, 2 for bad usage.
set -euo pipefail
if [ "$#" -ne 1 ]; then echo "usage: verify_audit_psql.sh POSTGRESQL-URI" >&2; exit 2; fi
verdict=$(psql -X -At -v ON_ERROR_STOP=1 -f "$(dirname "$0")/verify_audit.sql" "$1") || {
  echo "verify_audit_psql: cannot read the audit table of $1" >&2
  exit 9
}
case $verdict in
  "Audit chain OK:"*) echo "$verdict" ;;
  *) echo "$verdict" >&2; exit 8 ;;
esac
