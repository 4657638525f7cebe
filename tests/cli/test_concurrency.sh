# Several shells on one database: parallel requests lose nothing (one open request per contact),
# parallel retries never run a step twice, and the chain stays intact.
source "$(dirname "$0")/common.sh"
make_logging_hook
systems_config crm
gdpr init > /dev/null
for i in $(seq 1 8); do gdpr contact add "p-$i" "name=Parallel $i" > /dev/null; done

pids=()
for i in $(seq 1 8); do
  gdpr --as alice request "p-$i" --reason "Customer asked in writing" --clarified -q > "$T/req-$i.out" 2>&1 &
  pids+=($!)
done
for j in 1 2 3; do
  gdpr --as carol request p-1 --reason "Customer asked again in writing" --clarified -q > "$T/dup-$j.out" 2>&1 &
  pids+=($!)
done
codes=()
for p in "${pids[@]}"; do rc=0; wait "$p" || rc=$?; codes+=("$rc"); done
ok=0; conflicts=0
for c in "${codes[@]}"; do
  case "$c" in 0) ok=$((ok + 1)) ;; 6) conflicts=$((conflicts + 1)) ;; *) cat "$T"/req-*.out "$T"/dup-*.out >&2; fail "a parallel request exited $c" ;; esac
done
[ "$ok" = 8 ] && [ "$conflicts" = 3 ] || fail "$ok requests filed and $conflicts refused; expected 8 and 3"
[ "$(db_query "SELECT count(*) FROM requests")" = 8 ] || fail "requests lost or doubled"
[ "$(db_query "SELECT count(*) FROM steps WHERE action = 'hold' AND state = 'done'")" = 8 ] || fail "hold steps"
expect_exit 0 audit --verify

# erase fails first, then three shells retry at once while the hook is slow
rid=$(db_query "SELECT id FROM requests WHERE contact_id = 'p-1'")
touch "$T/hooks/fail-crm"
expect_exit 7 --as bob approve "$rid" --yes
rm "$T/hooks/fail-crm"
echo 2 > "$T/hooks/slow-crm"
pids=()
for j in 1 2 3; do gdpr retry "$rid" > "$T/retry-$j.out" 2>&1 & pids+=($!); done
zero=0
for p in "${pids[@]}"; do
  rc=0; wait "$p" || rc=$?
  case "$rc" in 0) zero=$((zero + 1)) ;; 6) ;; *) fail "a parallel retry exited $rc" ;; esac
done
[ "$zero" -ge 1 ] || fail "no retry succeeded"
[ "$(runs_of "erase-crm-$rid")" = 2 ] || fail "the erase step ran $(runs_of "erase-crm-$rid") times (1 failed + 1 expected)"
expect_exit 0 review "$rid" --format json
expect_json 'd["state"] == "erased"'
expect_exit 0 audit --verify
pass
