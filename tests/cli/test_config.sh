# Configuration errors are exit 9 naming file, line and key; a named config must exist.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
snapshot

printf 'organization = "X"\n\n[roles]\nreviewer = ["bob"]\n' > "$T/bad-key.toml"
expect_exit 9 --config "$T/bad-key.toml" review
expect_stderr "gdpr: error: $T/bad-key.toml:4: unknown key 'roles.reviewer'"

printf '[roles]\napprovals_required = "two"\n' > "$T/bad-type.toml"
expect_exit 9 --config "$T/bad-type.toml" review
expect_stderr "$T/bad-type.toml:2: key 'roles.approvals_required' must be an integer"

printf 'organization = "X\n' > "$T/syntax.toml"
expect_exit 9 --config "$T/syntax.toml" review
expect_stderr "$T/syntax.toml:1:"

expect_exit 9 --config "$T/missing.toml" review
expect_stderr "config file $T/missing.toml (from --config) does not exist"
GDPR_CONFIG="$T/missing.toml" expect_exit 9 review
expect_stderr "(from \$GDPR_CONFIG) does not exist"
mkdir "$T/dir.toml"
expect_exit 9 --config "$T/dir.toml" review
expect_stderr "is a directory"

# the lookup falls back to XDG_CONFIG_HOME, then built-in defaults
unset GDPR_CONFIG
mkdir -p "$XDG_CONFIG_HOME/gdpr"
printf '[roles]\nreviewers = 5\n' > "$XDG_CONFIG_HOME/gdpr/config.toml"
expect_exit 9 review
expect_stderr "$XDG_CONFIG_HOME/gdpr/config.toml:2: key 'roles.reviewers'"
rm "$XDG_CONFIG_HOME/gdpr/config.toml"
expect_exit 0 review
expect_unchanged
pass
