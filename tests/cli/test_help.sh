# --help and `help` on every subcommand, --version, usage errors (exit 2), global options on
# either side of the subcommand.
source "$(dirname "$0")/common.sh"
expect_exit 0 --help
expect_stdout "Requester commands:"
expect_stdout "Reviewer commands:"
expect_stdout "Admin commands:"
! grep -q __complete "$T/out" || fail "the completion engine is listed"
for cmd in init "contact add" "contact import" "contact show" "contact list" block unblock request review approve \
           reject retry audit; do
  # shellcheck disable=SC2086
  expect_exit 0 $cmd --help
  expect_stdout "Usage"
  # shellcheck disable=SC2086
  expect_exit 0 help $cmd
  expect_stdout "Usage"
done
expect_exit 0 --version
expect_stdout "gdpr 0.1.0"
expect_exit 2
expect_exit 2 frobnicate
expect_stderr "'frobnicate' is not a gdpr command; \`gdpr --help\` lists them"
expect_exit 2 contact
# Slips are answered as git answers them (SPEC §12), with exit 2, before anything runs.
expect_exit 2 revew
expect_stderr "gdpr: error: 'revew' is not a gdpr command; did you mean 'review'?"
expect_exit 2 --as alice aprove 1
expect_stderr "'aprove' is not a gdpr command; did you mean 'approve'?"
expect_exit 2 --db "$T/x.db" --format json reveiw
expect_stderr "did you mean 'review'?"
expect_exit 2 contact lsit
expect_stderr "'lsit' is not a gdpr contact command; did you mean 'list'?"
expect_exit 2 help frob
expect_stderr "'frob' is not a gdpr command"
expect_no_stdout
expect_exit 2 review --bogus
expect_stderr "gdpr: error: unknown option '--bogus'; \`gdpr review --help\` lists the options"
expect_exit 2 review --remnd
expect_stderr "gdpr: error: unknown option '--remnd'; did you mean '--remind'?"
expect_exit 2 --as alice request c-1 --reasn "Customer asked in writing" --clarified
expect_stderr "unknown option '--reasn'; did you mean '--reason'?"
[ ! -e "$T/x.db" ] || fail "a refused command created a database"
expect_exit 2 --color sometimes review
expect_exit 0 --color NEVER --version
expect_exit 2 --format yaml init

gdpr init > /dev/null
gdpr contact add c-1 name=x > /dev/null
expect_exit 0 contact show c-1 --format json --db "$T/gdpr.db"
expect_json 'd["id"] == "c-1"'
expect_exit 0 --format json --db "$T/gdpr.db" contact show c-1
expect_json 'd["id"] == "c-1"'
pass
