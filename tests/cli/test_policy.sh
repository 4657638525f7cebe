# The policy lives in the database (SPEC §2, issue 14): `gdpr init` stores the configuration's,
# an admin changes it with `gdpr policy apply` / `gdpr role`, each change audited and checked by
# `audit --verify`. Every configuration trick of a team member is refused (exit 9 or 4) and
# leaves the database as it was; linked systems come from the policy, never from the file of
# whoever approves.
source "$(dirname "$0")/common.sh"
make_logging_hook
# The team's database: no --as, two reviewers, one linked system; root (this test) is the admin.
cat > "$GDPR_CONFIG" <<TOML
organization = "Muster GmbH"
[roles]
reviewers = ["bob", "carol"]
approvals_required = 2
[[systems]]
name = "crm"
hold = "$T/hooks/log-hook.sh"
release = "$T/hooks/log-hook.sh"
erase = "$T/hooks/log-hook.sh"
TOML
expect_exit 0 init --format json
expect_json 'd["policy_stored"] is True'
me=$(id -un)
expect_exit 0 policy show --format json
expect_json "d['roles']['admins'] == ['$me'] and d['roles']['approvals_required'] == 2 and [s['name'] for s in d['systems']] == ['crm']"
expect_exit 0 policy show
expect_stdout "approvals_required = 2"
expect_stdout "[[systems]]"
expect_exit 0 audit --format json
expect_json 'd[0]["action"] == "policy.set" and len(d[0]["details"]["policy_sha256"]) == 64'
expect_exit 0 contact add c-1 'name=Max Müller' email=max@example.com
expect_exit 0 request c-1 --reason "Customer asked in writing to erase" --clarified
snapshot

# --- the requester's own configuration files
printf '[identity]\nallow_override = true\n[roles]\nreviewers = ["bob", "carol"]\n' > "$T/mine.toml"
expect_exit 9 --config "$T/mine.toml" --as bob approve 1 --yes
expect_stderr "$T/mine.toml sets identity.allow_override = true, but the policy of $GDPR_DB has false"
expect_exit 4 --as bob approve 1 --yes
expect_stderr "identity.allow_override is false in the database's policy"
mkdir -p "$XDG_CONFIG_HOME/gdpr"
printf '[roles]\nreviewers = ["%s"]\n' "$me" > "$XDG_CONFIG_HOME/gdpr/config.toml"
(unset GDPR_CONFIG; expect_exit 9 approve 1 --yes)
expect_stderr "config.toml sets roles.reviewers = [\"$me\"], but the policy of $GDPR_DB has [\"bob\",\"carol\"]"
expect_stderr "gdpr policy apply FILE"
printf '[roles]\napprovals_required = 1\n' > "$T/lower.toml"
expect_exit 9 --config "$T/lower.toml" approve 1 --yes
expect_stderr "sets roles.approvals_required = 1, but the policy of $GDPR_DB has 2"
GDPR_CONFIG="$T/lower.toml" expect_exit 9 review
expect_unchanged
# the same values, or keys the file does not set, are no conflict (one file for init and use)
printf 'language = "en"\n[roles]\nreviewers = ["carol", "bob"]\n[review]\nwarn_days = 3\n' > "$T/same.toml"
expect_exit 0 --config "$T/same.toml" review
expect_exit 0 --config "$T/same.toml" review 1 --format json
expect_json '[(s["system"], s["action"], s["state"]) for s in d["steps"]] == [("crm", "hold", "done")]'

# --- a configuration without [[systems]] cannot skip the linked systems: the policy's run
printf '[roles]\nreviewers = ["bob", "carol"]\n' > "$T/nosystems.toml"
GDPR_CONFIG="$T/nosystems.toml" expect_exit 0 contact add c-2 name=Erika
GDPR_CONFIG="$T/nosystems.toml" expect_exit 0 request c-2 --reason "Customer asked in writing to erase" --clarified -q
rid=$(cat "$T/out")
[ "$(runs_of "hold-crm-$rid")" = 1 ] || fail "the policy's hold step did not run under a file without systems"

# --- policy apply and role: admins only, shown, asked, audited
snapshot 2
printf '[roles]\nreviewers = ["bob", "carol", "dave"]\napprovals_required = 1\n' > "$T/new.toml"
cat "$T/new.toml" > "$T/new-full.toml"
sed -n '/\[\[systems\]\]/,$p' "$GDPR_CONFIG" >> "$T/new-full.toml"
GDPR_CONFIG="$T/nosystems.toml" expect_exit 0 policy show  # sanity: show works under any file
expect_exit 2 --config "$T/new-full.toml" policy apply "$T/new-full.toml"
expect_stderr "pass --yes to confirm"
expect_stderr "roles.approvals_required: 2 -> 1"
expect_unchanged 2
useradd_ok=0
if [ "$(id -u)" -eq 0 ] && command -v runuser > /dev/null; then useradd_ok=1; fi
expect_exit 0 --config "$T/new-full.toml" policy apply "$T/new-full.toml" --yes
expect_stderr "organization: \"Muster GmbH\" -> \"\""
expect_stdout "Applied 3 changes to the policy"
expect_exit 0 --config "$T/new-full.toml" policy show --format json
expect_json "d['roles']['reviewers'] == ['bob', 'carol', 'dave'] and d['roles']['approvals_required'] == 1 and d['roles']['admins'] == ['$me']"
expect_exit 0 --config "$T/new-full.toml" audit --action policy.changed --format json
expect_json 'len(d) == 1 and d[0]["details"]["keys"] == ["organization", "roles.reviewers", "roles.approvals_required"] and "Muster" not in str(d)'
expect_exit 0 --config "$T/new-full.toml" policy apply "$T/new-full.toml" --yes
expect_stdout "nothing changed"
# the old file is now the one that disagrees
expect_exit 9 review
expect_stderr "sets organization = \"Muster GmbH\""
export GDPR_CONFIG="$T/new-full.toml"
expect_exit 0 role grant requester alice
expect_exit 0 role list --format json
expect_json "d['requesters'] == ['alice'] and d['reviewers'] == ['bob', 'carol', 'dave']"
expect_exit 0 audit --action role.granted --format json
expect_json 'd[-1]["details"]["role"] == "requester" and d[-1]["details"]["name"] == "alice"'
# the file still says nothing of requesters: no conflict
expect_exit 0 review
expect_exit 6 role revoke admin "$me"
expect_stderr "is the last admin"
expect_exit 0 audit --verify

# --- a policy edited with sqlite3 behind everyone's back is found by audit --verify (exit 8)
sqlite3 "$GDPR_DB" "UPDATE meta SET value = replace(value, '\"reviewers\":[\"bob\"', '\"reviewers\":[\"alice\",\"bob\"') WHERE key = 'policy'"
expect_exit 8 audit --verify
expect_stderr "is not the one event"
expect_stderr "it was changed outside gdpr"

# --- as real OS users (root only): a requester with her own files cannot approve her own request
if [ "$useradd_ok" = 1 ]; then
  u_req=gdprt-req$$ u_rev=gdprt-rev$$ grp=gdprt-team$$
  groupadd "$grp"
  useradd -M -N -g "$grp" -s /bin/bash "$u_req"
  useradd -M -N -g "$grp" -s /bin/bash "$u_rev"
  trap 'userdel "$u_req" 2>/dev/null; userdel "$u_rev" 2>/dev/null; groupdel "$grp" 2>/dev/null; rm -rf "$T"' EXIT
  team="$T/team"
  mkdir -p "$team/db" "$team/req" "$team/rev"
  chgrp "$grp" "$team/db" && chmod 2770 "$team/db"
  chown "$u_req:$grp" "$team/req"; chown "$u_rev:$grp" "$team/rev"
  chmod 755 "$T" "$team"
  printf 'file_mode = "0660"\n[roles]\nreviewers = ["%s"]\nadmins = ["%s"]\n' "$u_rev" "$me" > "$team/policy.toml"
  chmod 644 "$team/policy.toml"
  GDPR_CONFIG="$team/policy.toml" "$GDPR_BIN" --db "$team/db/g.db" init > /dev/null
  chgrp "$grp" "$team/db/g.db"*; chmod 660 "$team/db/g.db"*
  as_user() {
    local u=$1 home="$team/rev"
    shift
    [ "$u" = "$u_req" ] && home="$team/req"
    runuser -u "$u" -- env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/.config" GDPR_DB="$team/db/g.db" "$GDPR_BIN" "$@"
  }
  as_user "$u_req" contact add k-1 name=Kunde > /dev/null 2>&1 || fail "the requester cannot add a contact"
  as_user "$u_req" request k-1 --reason "Customer asked in writing to erase" --clarified -q > /dev/null 2>&1 || fail "the requester cannot file"
  sqlite3 "$team/db/g.db" .dump > "$T/team.before"
  printf '[identity]\nallow_override = true\n[roles]\nreviewers = ["%s", "%s"]\n' "$u_req" "$u_rev" > "$team/req/mine.toml"
  chown "$u_req" "$team/req/mine.toml"
  got=0; as_user "$u_req" --config "$team/req/mine.toml" --as "$u_rev" approve 1 --yes 2> "$T/err" || got=$?
  [ "$got" = 9 ] || fail "the requester's own config: exit $got, expected 9"
  got=0; as_user "$u_req" --as "$u_rev" approve 1 --yes 2> "$T/err" || got=$?
  [ "$got" = 4 ] || fail "--as by the requester: exit $got, expected 4"
  mkdir -p "$team/req/.config/gdpr"; printf '[roles]\nreviewers = ["%s"]\n' "$u_req" > "$team/req/.config/gdpr/config.toml"
  chown -R "$u_req" "$team/req/.config"
  got=0; as_user "$u_req" approve 1 --yes 2> "$T/err" || got=$?
  [ "$got" = 9 ] || fail "the requester's ~/.config reviewers: exit $got, expected 9"
  rm -r "$team/req/.config"
  got=0; as_user "$u_req" policy apply "$team/req/mine.toml" --yes 2> "$T/err" || got=$?
  [ "$got" = 4 ] || fail "policy apply by the requester: exit $got, expected 4"
  printf '[roles]\nreviewers = ["%s", "%s"]\n' "$u_req" "$u_rev" > "$team/req/widen.toml"; chown "$u_req" "$team/req/widen.toml"
  got=0; as_user "$u_req" policy apply "$team/req/widen.toml" --yes 2> "$T/err" || got=$?
  [ "$got" = 4 ] || fail "policy apply by a non-admin: exit $got, expected 4"
  grep -qF "is not an admin" "$T/err" || fail "the refusal does not say why"
  got=0; as_user "$u_req" role grant reviewer "$u_req" 2> "$T/err" || got=$?
  [ "$got" = 4 ] || fail "role grant by a non-admin: exit $got, expected 4"
  sqlite3 "$team/db/g.db" .dump > "$T/team.after"
  cmp -s "$T/team.before" "$T/team.after" || fail "a refused attack changed the team database"
  as_user "$u_rev" approve 1 --yes > /dev/null 2>&1 || fail "the reviewer cannot approve"
  as_user "$u_rev" audit --verify > /dev/null || fail "the team's chain does not verify"
fi
pass
