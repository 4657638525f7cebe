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
expect_exit 2 contact
expect_exit 2 review --bogus
expect_stderr "gdpr: error:"
expect_exit 2 --color sometimes review
expect_exit 2 --format yaml init

gdpr init > /dev/null
gdpr contact add c-1 name=x > /dev/null
expect_exit 0 contact show c-1 --format json --db "$T/gdpr.db"
expect_json 'd["id"] == "c-1"'
expect_exit 0 --format json --db "$T/gdpr.db" contact show c-1
expect_json 'd["id"] == "c-1"'
pass
