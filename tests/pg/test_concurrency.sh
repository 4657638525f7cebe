# Several clients at once on PostgreSQL: two reviewers approving the same request at the same
# moment from their own connections, exactly one wins and the other is told it is no longer
# pending (exit 6); many filings in parallel lose nothing; the audit chain stays one chain.
source "$(dirname "$0")/common.sh"

pg_setup_team
for i in 1 2 3 4 5 6; do
  pg_expect 0 alice contact add "c-$i" "name=Person $i"
  pg_expect 0 alice -q request "c-$i" --reason "Customer asked in writing" --clarified
  rid=$(cat "$T/out")
  pg bob --yes approve "$rid" > "$T/bob.out" 2> "$T/bob.err" & p1=$!
  pg carol --yes approve "$rid" > "$T/carol.out" 2> "$T/carol.err" & p2=$!
  r1=0; wait $p1 || r1=$?
  r2=0; wait $p2 || r2=$?
  codes=$(printf '%s\n' "$r1" "$r2" | sort | tr '\n' ' ')
  [ "$codes" = "0 6 " ] || { cat "$T"/bob.err "$T"/carol.err >&2; fail "round $i: exit codes $r1 and $r2, expected one 0 and one 6"; }
  grep -h "not pending" "$T/bob.err" "$T/carol.err" > /dev/null || fail "round $i: the loser was not told why"
  [ "$(psql_as postgres -c "SELECT count(*) FROM gdpr.approvals WHERE request_id = $rid")" = 1 ] || fail "round $i: two approvals"
done

# 20 contacts added and 20 requests filed by two requesters in parallel: all there, one chain.
for i in $(seq 1 20); do pg_expect 0 alice contact add "p-$i" "name=Parallel $i"; done
pids=()
for i in $(seq 1 20); do
  who=alice; [ $((i % 2)) -eq 0 ] && who=dave
  pg "$who" -q request "p-$i" --reason "Customer asked in writing" --clarified > /dev/null 2> "$T/err.$i" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { cat "$T"/err.* >&2; fail "a parallel filing failed"; }; done
[ "$(psql_as postgres -c "SELECT count(*) FROM gdpr.requests WHERE contact_id LIKE 'p-%' AND state = 'pending'")" = 20 ] ||
  fail "not all 20 parallel requests are pending"
pg_expect 0 carol audit --verify
pass
