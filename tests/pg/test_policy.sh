# The policy on PostgreSQL (issue 14): gdpr init stores it in gdpr.meta (policy.set, the owner the
# admin); a member's file that disagrees with it is refused (exit 9) and changes nothing; the
# file's role lists are ignored (the server's group roles decide); only the owner applies a new
# policy, and audit --verify finds a policy edited behind gdpr's back.
source "$(dirname "$0")/common.sh"

pg_setup_team
pg_expect 0 gdpr_owner --format json policy show
expect_json 'd["roles"]["admins"] == ["gdpr_owner"] and d["roles"]["reviewers"] == ["bob", "carol"] and d["systems"] == []'
pg_expect 0 gdpr_owner --format json audit
expect_json 'd[0]["action"] == "policy.set" and d[0]["actor"] == "gdpr_owner" and len(d[0]["details"]["policy_sha256"]) == 64'
pg_expect 0 alice contact add c-1 'name=Max Müller' email=max@example.com
pg_expect 0 alice -q request c-1 --reason "Customer asked by letter of 2026-11-20" --clarified

# a member's own file: fewer approvals, no linked systems of the policy's, other roles
printf '[roles]\napprovals_required = 1\nreviewers = ["alice"]\n' > "$T/mine.toml"
cp "$GDPR_CONFIG" "$T/team.toml"
sed -i 's/^\[roles\]$/[roles]\napprovals_required = 2/' "$T/team.toml"
GDPR_CONFIG="$T/team.toml" pg_expect 0 gdpr_owner policy apply "$T/team.toml" --yes
pg_snapshot 0
GDPR_CONFIG="$T/mine.toml" pg_expect 9 alice --yes approve 1
expect_stderr "sets roles.approvals_required = 1, but the policy of"
expect_stderr "has 2"
# role lists in a file are not the server's business: ignored, the group roles decide
printf '[roles]\nreviewers = ["alice"]\napprovals_required = 2\n' > "$T/roles.toml"
GDPR_CONFIG="$T/roles.toml" pg_expect 4 alice --yes approve 1
expect_stderr "'alice' is not a reviewer"
# only an admin (the owner) applies a policy
GDPR_CONFIG="$T/roles.toml" pg_expect 4 carol policy apply "$T/mine.toml" --yes
expect_stderr "is not an admin"
pg_expect_unchanged 0

# the stored policy edited by the owner with psql is found
pg_expect 0 carol audit --verify
psql_as gdpr_owner -c "UPDATE gdpr.meta SET value = replace(value, '\"approvals_required\":2', '\"approvals_required\":1') WHERE key = 'policy'"
GDPR_CONFIG="$T/team.toml" pg_expect 8 carol audit --verify
expect_stderr "it was changed outside gdpr"
pass
