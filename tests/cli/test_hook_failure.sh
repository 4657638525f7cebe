# A failing erase step: exit 7, state approved, data still there, remind reports it; fixed and
# resumed by retry, the already-done system is not called again.
source "$(dirname "$0")/common.sh"
make_logging_hook
systems_config jet-main crm
with_request c-1 2> /dev/null
touch "$T/hooks/fail-crm"
expect_exit 7 --as bob approve 1 --yes
expect_stderr "crm erase: exited with status 4"
expect_stderr "hook: crm is down"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "approved" and [(s["system"], s["state"]) for s in d["steps"] if s["action"] == "erase"] == [("jet-main", "done"), ("crm", "failed")]'
expect_exit 0 contact show c-1 --format json
expect_json 'd["properties"]["name"] == "Max Müller"'
expect_exit 3 review --remind
expect_stdout "request 1 (contact c-1, approved)"
expect_stdout "step failed: crm erase"

# still down: retry fails again (7), approve by the requester is refused (4)
expect_exit 7 retry 1
expect_exit 4 --as alice approve 1 --yes
[ "$(runs_of erase-crm-1)" = 2 ] || fail "crm erase ran $(runs_of erase-crm-1) times"

rm "$T/hooks/fail-crm"
expect_exit 0 --as carol approve 1 --yes
expect_stdout "Approved request 1: contact c-1 is erased here and in jet-main, crm."
[ "$(runs_of erase-jet-main-1)" = 1 ] || fail "jet-main erase ran again"
[ "$(runs_of erase-crm-1)" = 3 ] || fail "crm erase ran $(runs_of erase-crm-1) times"
expect_exit 0 review 1 --format json
expect_json '[(s["system"], s["state"], s["attempts"]) for s in d["steps"] if s["action"] == "erase"] == [("jet-main", "done", 1), ("crm", "done", 3)]'
expect_exit 0 review --remind
expect_no_stdout
expect_exit 0 retry --all
expect_stderr "Nothing to retry."
! cat "$T"/gdpr.db* | grep -a -q "Max Müller" || fail "data left after the resumed erasure"

# a failing hold: the request is filed (the id is printed), exit 7, remind reports, retry fixes
gdpr contact add c-2 name=Erika > /dev/null
touch "$T/hooks/fail-jet-main"
expect_exit 7 --as alice request c-2 --reason "Customer asked in writing" --clarified -q
expect_stdout_is 2
expect_exit 3 review --remind
expect_stdout "step failed: jet-main hold"
rm "$T/hooks/fail-jet-main"
expect_exit 0 retry 2
expect_exit 0 review --remind
pass
