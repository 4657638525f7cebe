# contact add/show/list, block/unblock, mailing-list filters and output formats.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null

expect_exit 0 contact add K-1 'name=Max Müller' email=max@example.com 'note=a, "quoted"'
expect_stdout "Added contact K-1"
expect_exit 0 contact add K-1 city=Wien
expect_stdout "Updated contact K-1"
expect_exit 0 contact add K-1 city=Wien
expect_stdout "Contact K-1 unchanged"
expect_exit 0 contact add K-2 'name=山田 太郎' email=
expect_exit 0 contact add K-3 name=Erika

expect_exit 0 contact show K-1 --format json
expect_json 'd == {"id": "K-1", "status": "active", "blocks": [], "properties": {"name": "Max Müller", "email": "max@example.com", "note": "a, \"quoted\"", "city": "Wien"}}'
expect_json 'list(d["properties"]) == ["name", "email", "note", "city"]'
expect_exit 0 contact show K-1
expect_stdout "  city   Wien"

expect_exit 0 block K-2 newsletter
expect_stdout "Blocked newsletter for contact K-2"
expect_exit 0 block K-2 Newsletter  # tokens ignore case (SPEC §12)
expect_stdout "Contact K-2 was already blocked newsletter"
expect_exit 0 block K-3 ALL-MAIL
expect_stdout "Blocked all-mail for contact K-3"
expect_exit 2 block K-3 Newsletters
expect_stderr "'Newsletters' is not one of: newsletter, all-mail"

expect_exit 0 contact list --mailable --format json
expect_json '[c["id"] for c in d] == ["K-1", "K-2"]'
expect_exit 0 contact list --newsletter --format JSON
expect_json '[c["id"] for c in d] == ["K-1"]'
expect_exit 0 contact list --mailable --format csv
[ "$(head -1 "$T/out")" = "id,status,blocks,name,email,note,city" ] || fail "csv header: $(head -1 "$T/out")"
expect_stdout 'K-1,active,,Max Müller,max@example.com,"a, ""quoted""",Wien'
expect_stdout 'K-2,active,newsletter,山田 太郎,,,'
expect_exit 0 contact list --status active --limit 1 --format json
expect_json 'len(d) == 1'
expect_exit 0 contact list
expect_stdout "K-3  active  all-mail"
expect_exit 0 unblock K-3 all-mail
expect_exit 0 contact list --mailable --format json
expect_json 'len(d) == 3'

snapshot
expect_exit 2 contact add K-4 name
expect_stderr "'name' is not NAME=VALUE"
expect_exit 2 contact add "$(printf 'x%.0s' $(seq 129))" name=a
expect_stderr "at most 128 are allowed"
expect_exit 2 contact add "$(printf 'a\tb')" name=a
expect_stderr "control characters"
expect_exit 2 contact add K-4 =value
expect_exit 2 block K-1 everything
expect_stderr "block 'everything' is not one of: newsletter, all-mail"
expect_exit 5 contact show nobody
expect_stderr "contact 'nobody' not found"
expect_exit 5 block nobody newsletter
expect_exit 2 contact list --mailable --newsletter
expect_exit 2 contact list --status gone
expect_exit 2 contact show K-1 --format csv
expect_unchanged
# Properties without a value (a CRM export has dozens) are counted, not listed.
expect_exit 0 contact add K-9 "name=Nur Name" fax= "mobile=  "
expect_exit 0 contact show K-9
expect_stdout "name  Nur Name"
expect_stdout "(2 properties without a value not shown)"
! grep -q "fax\|mobile" "$T/out" || fail "an empty property was listed"
expect_exit 0 contact show K-9 --format json
expect_json 'd["properties"] == {"name": "Nur Name", "fax": "", "mobile": "  "}'

pass
