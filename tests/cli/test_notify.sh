# Notifications (SPEC §12, policy [[notify]]) with the shipped German mail example and a fake
# sendmail: filing tells the assignee, a reviewer's comment the requester and the requester's
# comment the assignee, a decision the requester, each exactly one mail to the right person, none
# with a property value or a reason; nobody is told of what they did themselves; a failing
# notification warns and the action stands; a [[notify]] that does not fit is refused (exit 9).
source "$(dirname "$0")/common.sh"
mkdir -p "$T/bin" "$T/mail"
cat > "$T/bin/sendmail" <<SH
#!/bin/sh
[ "\$1" = -t ] || { echo "sendmail: expected -t" >&2; exit 64; }
n=\$(ls "$T/mail" | wc -l)
cat > "$T/mail/\$((n + 1)).eml"
SH
chmod 755 "$T/bin/sendmail"
export PATH="$T/bin:$PATH" GDPR_MAIL_DOMAIN=example.org
notify_config() {  # notify_config COMMAND
  write_config "" "
[[notify]]
on = [\"request.created\", \"request.commented\", \"request.approved\", \"request.rejected\", \"step.failed\"]
command = \"$1\""
}
notify_config "$GDPR_SOURCE_DIR/examples/notify/mail-de.sh"
gdpr init > /dev/null
gdpr contact add c-1 "name=Max Müller" email=max.mueller@example.com city=Ottakring > /dev/null
gdpr contact add c-2 "name=Erika Schön" email=erika@example.com > /dev/null
mails() { ls "$T/mail" | wc -l; }
# last_mail FIELD: the To address, or the decoded subject, of the newest mail
last_to() { sed -n 's/^To: //p' "$T/mail/$(mails).eml"; }
last_subject() { sed -n 's/^Subject: =?UTF-8?B?\(.*\)?=$/\1/p' "$T/mail/$(mails).eml" | base64 -d; }

expect_exit 0 --as alice request c-1 --reason "Customer asked in writing on 2026-11-20" --clarified
[ "$(mails)" = 1 ] || fail "filing sent $(mails) mails"
[ "$(last_to)" = bob@example.org ] || fail "filing told $(last_to), not the assignee bob"
[ "$(last_subject)" = "gdpr: Löschantrag 1: Neuer Löschantrag" ] || fail "subject: $(last_subject)"
grep -q "^Hallo bob,$" "$T/mail/1.eml" || fail "greeting: $(cat "$T/mail/1.eml")"
grep -q "Status: offen, fällig am " "$T/mail/1.eml" || fail "body: $(cat "$T/mail/1.eml")"

expect_exit 0 --as bob review 1 --comment "Is the customer's address confirmed?"
[ "$(mails)" = 2 ] && [ "$(last_to)" = alice@example.org ] || fail "bob's comment: $(mails) mails, to $(last_to)"
grep -q "bob hat den Antrag kommentiert." "$T/mail/2.eml" || fail "comment mail: $(cat "$T/mail/2.eml")"
expect_exit 0 --as alice review 1 --comment "Yes, by letter"
[ "$(mails)" = 3 ] && [ "$(last_to)" = bob@example.org ] || fail "alice's comment: $(mails) mails, to $(last_to)"
expect_exit 0 --as bob approve 1 --yes
[ "$(mails)" = 4 ] && [ "$(last_to)" = alice@example.org ] || fail "approval: $(mails) mails, to $(last_to)"
[ "$(last_subject)" = "gdpr: Löschantrag 1: Freigegeben" ] || fail "subject: $(last_subject)"

# Nobody is told of what they did themselves: bob files, bob is the assignee.
expect_exit 0 --as bob request c-2 --reason "Customer asked in writing on 2026-11-21" --clarified
[ "$(mails)" = 4 ] || fail "bob was told of his own request"
expect_exit 0 --as carol reject 2 --reason "A retention duty applies to this contact"
[ "$(mails)" = 5 ] && [ "$(last_to)" = bob@example.org ] || fail "rejection: $(mails) mails, to $(last_to)"
grep -q "carol hat den Antrag abgelehnt." "$T/mail/5.eml" || fail "rejection mail: $(cat "$T/mail/5.eml")"

# No mail holds a property value, a reason or a comment.
for s in "Max Müller" "max.mueller" "Ottakring" "Erika" "written" "address confirmed" "retention duty" "by letter"; do
  ! grep -rq -F -- "$s" "$T/mail" || fail "a mail holds '$s'"
done

# A notification that fails warns; the action stands.
notify_config "/bin/false"
policy_apply
gdpr contact add c-3 "name=Hans Huber" > /dev/null
expect_exit 0 --as alice request c-3 --reason "Customer asked in writing on 2026-11-22" --clarified
expect_stderr "warning: the notification of request.created for request 3 failed (exited with status 1); the action stands"
expect_exit 0 review 3 --format json
expect_json 'd["state"] == "pending"'

# A [[notify]] that does not fit the policy is refused, naming the key.
write_config "" '
[[notify]]
on = ["contact.added"]
command = "true"'
expect_exit 9 review
expect_stderr "key 'notify.on' names 'contact.added', which is none of: request.created"
write_config "" '
[[notify]]
on = ["request.created"]'
expect_exit 9 review
expect_stderr "key 'notify.command' must name the command to run"
pass
