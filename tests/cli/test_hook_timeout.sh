# A hook that sleeps past its timeout: the whole process group is killed, the step failed (exit 7).
source "$(dirname "$0")/common.sh"
cat > "$T/slow.sh" <<'SH'
#!/bin/sh
sleep 60 &
echo $! > "$(dirname "$0")/child.pid"
sleep 60
SH
chmod +x "$T/slow.sh"
write_config '' "
[[systems]]
name = \"slowpoke\"
erase = \"$T/slow.sh\"
timeout_seconds = 1
"
with_request c-1
start=$(date +%s)
expect_exit 7 --as bob approve 1 --yes
took=$(( $(date +%s) - start ))
[ "$took" -le 10 ] || fail "the timeout took $took s"
expect_stderr "slowpoke erase: timed out and was killed"
child=$(cat "$T/child.pid")
sleep 0.5
# dead, or a zombie waiting for a reaper that this container's init may not be
state=$(ps -o stat= -p "$child" 2> /dev/null || true)
case "$state" in ""|Z*) ;; *) fail "the hook's background child $child survived (state $state)" ;; esac
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "approved" and d["steps"][0]["state"] == "failed"'
expect_exit 0 audit --action step.failed --format json
expect_json 'd[0]["details"]["outcome"] == "timed out and was killed"'
pass
