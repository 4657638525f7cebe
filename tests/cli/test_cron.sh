# examples/cron/gdpr-remind: silent when nothing is due; one mail with the lines when something
# is; a mail to the admin and the error's exit status when the check itself fails.
source "$(dirname "$0")/common.sh"
cat > "$T/fake-mail" <<'SH'
#!/bin/sh
# records: subject, recipient, body
{ echo "subject: $2"; echo "to: $3"; cat; echo "--"; } >> "$(dirname "$0")/mails"
SH
chmod +x "$T/fake-mail"
export MAIL_COMMAND="$T/fake-mail" GDPR_REMIND_TO=backoffice@example.com GDPR_REMIND_ADMIN=it@example.com GDPR_BIN
wrapper="$GDPR_SOURCE_DIR/examples/cron/gdpr-remind"

gdpr init > /dev/null
gdpr contact add c-1 name=x > /dev/null
gdpr --as alice request c-1 --reason "Customer asked in writing" --clarified > /dev/null
sh "$wrapper" > "$T/out" 2>&1 || fail "wrapper failed with nothing due"
[ ! -e "$T/mails" ] || fail "mail sent with nothing due"
expect_no_stdout

gdpr contact add c-2 name=y > /dev/null
gdpr --as alice request c-2 --reason "Customer asked in writing" --clarified --received "$(date -d '-40 days' +%F)" > /dev/null
sh "$wrapper" > "$T/out" 2>&1 || fail "wrapper failed with something due"
grep -qx "subject: GDPR: 1 deletion request(s) need attention" "$T/mails" || fail "subject"
grep -qx "to: backoffice@example.com" "$T/mails" || fail "recipient"
grep -q "^request 2 (contact c-2, pending): due .* overdue by" "$T/mails" || fail "body"

rm "$T/mails"
rc=0; GDPR_DB="$T/missing.db" sh "$wrapper" > /dev/null 2>&1 || rc=$?
[ "$rc" = 9 ] || fail "wrapper exit $rc on a missing database"
grep -qx "subject: GDPR: the reminder check failed (exit 9)" "$T/mails" || fail "failure subject"
grep -qx "to: it@example.com" "$T/mails" || fail "failure recipient"
grep -q "does not exist; run \`gdpr init\`" "$T/mails" || fail "failure body"
pass
