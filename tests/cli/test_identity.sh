# The actor is the OS login; --as and $GDPR_ACTOR need identity.allow_override (else exit 4).
source "$(dirname "$0")/common.sh"
cat > "$GDPR_CONFIG" <<'TOML'
[roles]
reviewers = ["bob"]
TOML
gdpr init > /dev/null
snapshot

expect_exit 4 --as bob contact add c-1 name=x
expect_stderr "--as may not name another actor: identity.allow_override is false"
GDPR_ACTOR=bob expect_exit 4 contact add c-1 name=x
expect_stderr "\$GDPR_ACTOR may not name another actor: identity.allow_override is false"
expect_unchanged

login=$(id -un | tr '[:upper:]' '[:lower:]')
expect_exit 0 contact add c-1 name=x
expect_exit 0 audit --format json
expect_json "d[-1]['actor'] == '$login'"
expect_exit 0 -q review
[ ! -s "$T/err" ] || fail "review warns on a database without allow_override"

# the attack of issue 14: a file of one's own that allows --as is refused, whoever writes it
snapshot
cat >> "$GDPR_CONFIG" <<'TOML'
[identity]
allow_override = true
TOML
GDPR_ACTOR='  Carol ' expect_exit 9 block c-1 newsletter
expect_stderr "sets identity.allow_override = true, but the policy of $GDPR_DB has false"
expect_stderr "can only be chosen when the database is created"
printf '[identity]\nallow_override = true\n[roles]\nreviewers = ["bob"]\n' > "$T/mine.toml"
expect_exit 9 --config "$T/mine.toml" --as bob contact add c-2 name=y
expect_unchanged
# nor can an admin switch it on later
expect_exit 9 policy apply "$T/mine.toml" --yes
expect_stderr "identity.allow_override = true, but it can only be chosen when the database is created"
expect_unchanged

# a database created with allow_override (a demo) takes --as; names are compared case-folded
export GDPR_DB="$T/demo.db"
write_config
gdpr init > /dev/null
GDPR_ACTOR='  Carol ' expect_exit 0 contact add c-1 name=x
# such a database says what it is, whenever the queue is shown (also with -q, also for scripts)
expect_exit 0 -q review --format json
expect_stderr "gdpr: warning: identity.allow_override is true in this database's policy"
expect_exit 0 audit --format json
expect_json "d[-1]['actor'] == 'carol'"
expect_exit 0 --as 'Jürgen' request c-1 --reason "Customer asked in writing to erase" --clarified -q
write_config
sed -i 's/reviewers = .*/reviewers = ["bob", "JÜRGEN"]/' "$GDPR_CONFIG"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
snapshot 2
expect_exit 4 --as 'JÜRGEN' approve 1 --yes
expect_stderr "four-eyes rule: 'jürgen' filed request 1 and may not approve it"
expect_unchanged 2
# a name with control characters is no actor
expect_exit 2 --as $'bo\x1bb' review
expect_stderr "--as needs a non-empty actor name without control characters"
expect_exit 2 --as $'bob\xe2\x80\xae' review
pass
