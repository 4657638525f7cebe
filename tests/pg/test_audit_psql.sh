# The audit chain verified inside PostgreSQL with psql only (examples/verify_audit_psql.sh and
# verify_audit.sql), agreeing with `gdpr audit --verify` on an intact trail and on tampered ones,
# including a details text that means the same JSON in other bytes.
source "$(dirname "$0")/common.sh"
pg_expect 0 gdpr_owner init
pg_expect 0 gdpr_owner contact add c-1 'name=Jörg Weiß' email=j@example.com
pg_expect 0 gdpr_owner contact add 'c-é' name=Zoë
pg_expect 0 gdpr_owner block c-1 newsletter
psql_check() {
  local want=$1 got=0 status=0
  pg_expect "$want" gdpr_owner audit --verify
  bash "$GDPR_SOURCE_DIR/examples/verify_audit_psql.sh" "$(uri postgres)" > "$T/psql.out" 2>&1 || status=$?
  [ "$status" -eq "$want" ] || fail "psql verifier exit $status ($(cat "$T/psql.out")), gdpr $want"
  if [ "$want" -eq 0 ]; then
    [ "$(cat "$T/psql.out")" = "$(cat "$T/out")" ] || fail "psql: $(cat "$T/psql.out") / gdpr: $(cat "$T/out")"
  else
    grep -qF "audit chain broken at event $2:" "$T/psql.out" || fail "psql: $(cat "$T/psql.out")"
    grep -qF "audit chain broken at event $2:" "$T/err" || fail "gdpr: $(cat "$T/err")"
  fi
}
psql_check 0
psql_as postgres -c "ALTER TABLE gdpr.audit DISABLE TRIGGER ALL" > /dev/null
original=$(psql_as postgres -c "SELECT details FROM gdpr.audit WHERE seq = 1")
psql_as postgres -c "UPDATE gdpr.audit SET details = replace(details, ':', ' : ') WHERE seq = 1" > /dev/null
psql_check 8 1
psql_as postgres -v v="$original" <<<"UPDATE gdpr.audit SET details = :'v' WHERE seq = 1" > /dev/null
psql_check 0
psql_as postgres -c "UPDATE gdpr.audit SET actor = 'mallory' WHERE seq = 3" > /dev/null
psql_check 8 3
bash "$GDPR_SOURCE_DIR/examples/verify_audit_psql.sh" "postgresql:///nowhere?host=$T/none" > /dev/null 2>&1 && fail "an unreachable server verified"
pass
