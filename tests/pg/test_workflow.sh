# The whole four-eyes workflow on PostgreSQL through the gdpr command, as each team member's own
# database role: init and roles, contacts, filing, four-eyes refusals (unchanged database),
# approval and erasure (no value left in the table files after the owner's retry), rejection,
# withdrawal, the audit chain.
source "$(dirname "$0")/common.sh"

pg_setup_team
pg_expect 0 gdpr_owner init
expect_stdout "exists and is up to date"
pg_expect 0 gdpr_owner --format json role list
expect_json 'd["reviewers"] == ["bob", "carol"] and d["requesters"] == ["alice", "bob", "carol", "dave"]'
pg_expect 5 gdpr_owner role grant reviewer nosuchrole
expect_stderr "there is no PostgreSQL role 'nosuchrole'"
pg_expect 2 gdpr_owner role grant boss alice

# The actor is the authenticated role: naming another is refused, on the command line and in the env.
pg_expect 2 alice --as bob review
expect_stderr "--as is not available with PostgreSQL"
GDPR_ACTOR=bob pg_expect 2 alice review
expect_stderr "\$GDPR_ACTOR is not available with PostgreSQL"

# (A place name of its own: the policy names the supervisory authority in Wien, SPEC §10.)
pg_expect 0 alice contact add c-1 'name=Max Müller' email=max.mueller@example.com city=Ottakring
pg_expect 0 alice contact add c-2 'name=Erika Schön' email=erika@example.com city=Graz
printf 'id;name;email\nc-3;Jörg Weiß;joerg@example.com\nc-4;Anna Groß;anna@example.com\n' > "$T/in.csv"
pg_expect 0 alice contact import "$T/in.csv" --id-column id
pg_expect 0 alice --format csv contact list --mailable
expect_stdout "Jörg Weiß"

# mallory has a login but no gdpr role: the server refuses, nothing changes.
pg_snapshot 0
pg_expect 4 mallory contact add c-9 name=X
expect_stderr "has no gdpr role"
pg_expect 4 mallory request c-2 --reason "Customer asked by letter" --clarified
pg_expect_unchanged 0

# No reason, no request; the server's reason rule (10 characters, from init's config) holds.
pg_expect 2 alice request c-1 --reason "   " --clarified
pg_expect 2 alice request c-1 --reason "too short" --clarified
pg_expect_unchanged 0

pg_expect 0 alice -q request c-1 --reason "Max Müller asked by letter of 2026-11-20" --clarified
expect_stdout_is 1
expect_stderr "warning: the reason contains the value of property 'name' of contact 'c-1'"
pg_expect 0 bob --format json review
expect_json 'len(d) == 1 and d[0]["id"] == 1 and d[0]["state"] == "pending"'
[ "$(psql_as postgres -c "SELECT status FROM gdpr.contacts WHERE id = 'c-1'")" = on-hold ] || fail "c-1 not on hold"

# Four-eyes: alice filed it and is no reviewer; dave is no reviewer; bob files one himself.
pg_snapshot 1
pg_expect 4 alice --yes approve 1
pg_expect 4 dave --yes approve 1
expect_stderr "not a reviewer"
pg_expect_unchanged 1
pg_expect 0 bob -q request c-2 --reason "Customer asked by phone, confirmed" --clarified
pg_snapshot 2
pg_expect 4 bob --yes approve 2
expect_stderr "four-eyes rule"
pg_expect_unchanged 2

pg_expect 0 bob review 1 --comment "Called MAX MÜLLER back in Ottakring"
# carol approves 1: erased at once; the earlier row version stays until the owner's retry.
pg_expect 0 carol --yes approve 1 --comment "max.mueller@example.com confirmed"
expect_stdout "erased"
expect_stderr "until the owner of the gdpr tables runs"
[ "$(psql_as postgres -c "SELECT status || ' ' || properties FROM gdpr.contacts WHERE id = 'c-1'")" = "erased []" ] ||
  fail "c-1 is not a tombstone"
psql_as postgres -c CHECKPOINT
grep -rqa "max.mueller@example.com" "$PG_DIR/data/base" || fail "expected the dead row version before the owner's VACUUM"
pg_expect 0 gdpr_owner retry --all
psql_as postgres -c CHECKPOINT
for value in "max.mueller@example.com" "Max Müller" "MAX MÜLLER" "Ottakring"; do
  if grep -rqa "$value" "$PG_DIR/data/base"; then fail "'$value' of the erased contact is still in the table files"; fi
done
# the server blanked the free texts out itself, in the erasure's transaction
pg_expect 0 carol --format json review 1
expect_json 'd["reason"] == "[erased] asked by letter of 2026-11-20" and d["comments"][0]["text"] == "Called [erased] back in [erased]" and d["approvals"][0]["comment"] == "[erased] confirmed"'
# and nobody blanks out texts by hand: the reason of a request cannot be changed with psql
if psql_as alice -c "UPDATE gdpr.requests SET reason = 'x' WHERE id = 1" 2> /dev/null; then fail "alice changed a reason"; fi
grep -rqa "erika@example.com" "$PG_DIR/data/base" || fail "the search for values cannot find a live contact's value"

# A tombstoned e-mail cannot come back unnoticed.
pg_expect 6 dave contact add c-7 email=max.mueller@example.com

# carol rejects 2 with a reason; alice files and withdraws one herself.
pg_expect 2 carol reject 2
pg_expect 0 carol reject 2 --reason "Contract still running until 2027"
pg_expect 0 alice -q request c-3 --reason "Customer asked by e-mail twice" --clarified
rid=$(cat "$T/out")
pg_expect 0 alice reject "$rid" --reason "Filed for the wrong customer"
[ "$(psql_as postgres -c "SELECT state FROM gdpr.requests ORDER BY id" | tr '\n' ' ')" = "erased rejected withdrawn " ] ||
  fail "states are not erased rejected withdrawn"

pg_expect 0 carol audit --verify
expect_stdout "Audit chain OK"
pg_expect 0 carol --format json audit
expect_json '[e["actor"] for e in d if e["action"] == "request.approved"] == ["carol"] and any(e["action"] == "role.granted" and e["actor"] == "gdpr_owner" for e in d)'
pass
