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

cat >> "$GDPR_CONFIG" <<'TOML'
[identity]
allow_override = true
TOML
GDPR_ACTOR='  Carol ' expect_exit 0 block c-1 newsletter
expect_exit 0 audit --format json
expect_json "d[-1]['actor'] == 'carol'"
pass
