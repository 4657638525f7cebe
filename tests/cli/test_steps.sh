# A linked-system step that fails: exit 7, the request stays approved with its data, and
# `retry` finishes once the system works again.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/hooks"
cat > "$T/hooks/erase.sh" <<'SH'
#!/bin/sh
[ -e "$(dirname "$0")/broken" ] && exit 3
cat > /dev/null
echo "$GDPR_CONTACT_ID" >> "$(dirname "$0")/erased.log"
SH
chmod +x "$T/hooks/erase.sh"
write_config '' "
[[systems]]
name = \"jet-main\"
erase = \"$T/hooks/erase.sh\"
"
with_request c-1
touch "$T/hooks/broken"
expect_exit 7 --as bob approve 1 --yes
expect_stderr "jet-main erase: exited with status 3"
expect_stderr "gdpr retry 1"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "approved" and d["steps"] == [{"system": "jet-main", "action": "erase", "state": "failed", "attempts": 1, "updated_at": d["steps"][0]["updated_at"]}]'
expect_exit 0 contact show c-1 --format json
expect_json 'd["properties"]["name"] == "Max Müller"'
expect_exit 3 review --remind
expect_stdout "step failed: jet-main erase"
expect_exit 7 retry 1
rm "$T/hooks/broken"
expect_exit 0 retry --all
expect_stdout "Request 1: erased (contact erased)"
[ "$(cat "$T/hooks/erased.log")" = c-1 ] || fail "hook log: $(cat "$T/hooks/erased.log")"
expect_exit 0 contact show c-1 --format json
expect_json 'd["status"] == "erased" and d["properties"] == {}'
expect_exit 0 review --remind
expect_exit 2 retry
expect_exit 0 audit --action step.failed --format json
expect_json 'len(d) == 2 and d[0]["details"]["outcome"] == "exited with status 3"'
expect_exit 0 audit --verify
pass
