# gdpr reject: by a reviewer `rejected`, by the requester `withdrawn`; contact active again,
# all-mail kept unless --lift-block; only pending requests.
source "$(dirname "$0")/common.sh"
with_request c-1
snapshot
expect_exit 2 --as bob reject 1 --reason "no"
expect_stderr "reason is too short"
expect_exit 2 --as bob reject 1
expect_exit 4 --as mallory reject 1 --reason "Not my business but still"
expect_stderr_by_backend "'mallory' is not a reviewer" "the database role 'mallory' has no gdpr role"
expect_exit 5 --as bob reject 42 --reason "There is no such request"
expect_unchanged

expect_exit 0 --as bob reject 1 --reason "Open invoice: legal retention applies"
expect_stdout "Rejected request 1; contact c-1 is active again (all-mail block kept"
expect_exit 0 review 1 --format json
expect_json 'd["state"] == "rejected" and d["decision_reason"] == "Open invoice: legal retention applies"'
expect_exit 0 contact show c-1 --format json
expect_json 'd["status"] == "active" and d["blocks"] == ["all-mail"]'
snapshot 1
expect_exit 6 --as carol reject 1 --reason "Rejecting it once more"
expect_exit 6 --as carol approve 1 --yes
expect_unchanged 1

# a new request may follow; the requester withdraws it and lifts the block
expect_exit 0 --as alice request c-1 --reason "Customer asked a second time" --clarified -q
expect_stdout_is 2
expect_exit 0 --as ' Alice' reject 2 --reason "Customer changed their mind" --lift-block
expect_stdout "Withdrew request 2"
expect_exit 0 contact show c-1 --format json
expect_json 'd["status"] == "active" and d["blocks"] == []'

# an erased request cannot be rejected
gdpr --as alice request c-1 --reason "Customer asked a third time" --clarified -q > /dev/null
gdpr --as bob approve 3 --yes > /dev/null
expect_exit 6 --as carol reject 3 --reason "Too late to reject this"
pass
