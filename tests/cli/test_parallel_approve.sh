# Two reviewers approving the same request at the same moment: exactly one succeeds, the other
# gets exit 6, and the chain stays intact. Repeated to give the race a chance.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
for i in 1 2 3 4 5 6; do
  gdpr contact add "c-$i" "name=Person $i" > /dev/null
  rid=$(gdpr --as alice request "c-$i" --reason "Customer asked in writing" --clarified -q)
  gdpr --as bob approve "$rid" --yes > "$T/bob.out" 2> "$T/bob.err" & p1=$!
  gdpr --as carol approve "$rid" --yes > "$T/carol.out" 2> "$T/carol.err" & p2=$!
  r1=0; wait $p1 || r1=$?
  r2=0; wait $p2 || r2=$?
  codes=$(printf '%s\n' "$r1" "$r2" | sort | tr '\n' ' ')
  [ "$codes" = "0 6 " ] || { cat "$T"/*.err >&2; fail "round $i: exit codes $r1 and $r2, expected one 0 and one 6"; }
  grep -h "not pending" "$T/bob.err" "$T/carol.err" > /dev/null || fail "round $i: the loser was not told why"
  [ "$(db_query "SELECT count(*) FROM approvals WHERE request_id = $rid")" = 1 ] || fail "round $i: two approvals"
done
expect_exit 0 audit --verify
pass
