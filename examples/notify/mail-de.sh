#!/bin/sh
# A [[notify]] command of gdpr (docs/notifications.md): one German mail per event to the person it
# is for, through sendmail.
#
#   [[notify]]
#   on = ["request.created", "request.commented", "request.assigned", "request.approved",
#         "request.rejected", "request.erased", "step.failed"]
#   command = "/usr/share/doc/gdpr/examples/notify/mail-de.sh"
#
# $GDPR_NOTIFY_TO is the login of the person to tell; the mail goes to LOGIN@$GDPR_MAIL_DOMAIN
# (default: this host's domain), or to $GDPR_MAIL_TEAM when the event is for nobody in particular
# (a new request without an assignee). gdpr gives ids, logins, states and the due date (as JSON on
# stdin, and as GDPR_* variables), never a customer's data; neither does this mail.
set -eu
cat > /dev/null  # the JSON: this script uses the variables
domain=${GDPR_MAIL_DOMAIN:-$(hostname -d 2> /dev/null || true)}
[ -n "$domain" ] || domain=localhost
if [ -n "${GDPR_NOTIFY_TO:-}" ]; then
  to="$GDPR_NOTIFY_TO@$domain"
  hello="Hallo $GDPR_NOTIFY_TO,"
elif [ -n "${GDPR_MAIL_TEAM:-}" ]; then
  to=$GDPR_MAIL_TEAM
  hello="Hallo zusammen,"
else
  echo "mail-de.sh: the event is for nobody in particular and GDPR_MAIL_TEAM is not set" >&2
  exit 1
fi
rid=$GDPR_REQUEST_ID
case $GDPR_NOTIFY_EVENT in
  request.created)   what="Neuer Löschantrag";        text="ein neuer Löschantrag wartet auf Ihre Prüfung." ;;
  request.commented) what="Neuer Kommentar";          text="$GDPR_ACTOR hat den Antrag kommentiert." ;;
  request.assigned)  what="Ihnen zugewiesen";         text="$GDPR_ACTOR hat Ihnen den Antrag zugewiesen." ;;
  request.extended)  what="Frist verlängert";         text="die Frist des Antrags wurde verlängert." ;;
  request.approved)  what="Freigegeben";              text="$GDPR_ACTOR hat den Antrag freigegeben." ;;
  request.rejected)  what="Abgelehnt";                text="$GDPR_ACTOR hat den Antrag abgelehnt." ;;
  request.withdrawn) what="Zurückgezogen";            text="der Antrag wurde zurückgezogen." ;;
  request.erased)    what="Gelöscht";                 text="der Kontakt ist gelöscht; die Löschung ist abgeschlossen." ;;
  step.failed)       what="Schritt fehlgeschlagen";   text="ein Schritt in einem verknüpften System ist fehlgeschlagen; nach der Behebung: gdpr retry $rid" ;;
  *)                 what=$GDPR_NOTIFY_EVENT;         text="Ereignis $GDPR_NOTIFY_EVENT." ;;
esac
case $GDPR_STATE in
  pending) state=offen ;; approved) state=freigegeben ;; erased) state=gelöscht ;;
  rejected) state=abgelehnt ;; withdrawn) state=zurückgezogen ;; *) state=$GDPR_STATE ;;
esac
due=$(printf '%s' "$GDPR_DUE_ON" | awk -F- '{ print $3 "." $2 "." $1 }')
subject="gdpr: Löschantrag $rid: $what"
encoded="=?UTF-8?B?$(printf '%s' "$subject" | base64 -w0)?="
sendmail=$(command -v sendmail || echo /usr/sbin/sendmail)
"$sendmail" -t <<MAIL
To: $to
Subject: $encoded
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

$hello

$text

Antrag $rid (Kontakt $GDPR_CONTACT_ID), Status: $state, fällig am $due.
Ansehen: gdpr review $rid

-- 
gdpr
MAIL
