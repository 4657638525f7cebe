# SPEC §10 on the server: the PostgreSQL rules compute the same due dates as the library (every
# day of 2025-2028, Austria, Germany and weekends only, against the tests' own oracle), and team
# members with psql under their own roles cannot extend a deadline after it passed or without a
# reason, rewrite an extension's reason, set a retention date without the rejection, restrict a
# contact by hand, lift a restricted contact's block or reactivate it, or approve without the
# printed sheet when the policy requires it. Each attempt is refused and the data stay as they were.
source "$(dirname "$0")/common.sh"

pg_setup_team
# the server's calendar is the library's: every received day of four years, three regions
python3 - "$GDPR_SOURCE_DIR/tests/cli" > "$T/oracle" <<'PY'
import datetime, sys
sys.path.insert(0, sys.argv[1])
from legal_due import legal_due
d = datetime.date(2025, 1, 1)
while d <= datetime.date(2028, 12, 31):
    for region in ("AT", "DE", "none"):
        print(f"{d}|{region}|{legal_due(d, 1, region)}")
    d += datetime.timedelta(days=1)
PY
psql_as gdpr_owner -c "
  SELECT d::date, r, gdpr.legal_due_date(d::date, 1, r, '[]'::jsonb)
  FROM generate_series('2025-01-01'::date, '2028-12-31'::date, '1 day') AS d, unnest(ARRAY['AT', 'DE', 'none']) WITH ORDINALITY AS x(r, n)
  ORDER BY d, n" > "$T/server"
[ "$(wc -l < "$T/oracle")" = 4383 ] || fail "the oracle printed $(wc -l < "$T/oracle") lines"
diff "$T/oracle" "$T/server" > "$T/diff" || fail "the server's due dates differ from the oracle's: $(head -5 "$T/diff")"
[ "$(psql_as gdpr_owner -c "SELECT gdpr.is_public_holiday('2027-05-27', 'DE-BY', '[]'), gdpr.is_public_holiday('2027-05-27', 'DE-BE', '[]'), gdpr.is_public_holiday('2026-11-18', 'DE-SN', '[]')")" = "t|f|t" ] ||
  fail "Fronleichnam in Bavaria, not in Berlin; Buß- und Bettag in Saxony"

# the team's requests: 1 overdue (received 31 January), 2 in time, 3 rejected for a retention duty
for c in c-1 c-2 c-3 c-4 c-5; do pg_expect 0 alice contact add "$c" "name=Kunde $c" "email=$c@example.com"; done
pg_expect 0 alice -q request c-1 --reason "Customer asked by letter of 2026-01-31" --received 2026-01-31 --clarified
[ "$(psql_as bob -c "SELECT due_on FROM gdpr.requests WHERE id = 1")" = 2026-03-02 ] || fail "the server's due date of request 1"
pg_expect 0 alice -q request c-2 --reason "Customer asked by phone" --clarified
pg_expect 0 alice -q request c-3 --reason "Customer asked by phone" --clarified
pg_expect 0 bob reject 3 --reason "Open invoice: § 132 BAO" --retain-until 2033-12-31
pg_expect 0 alice -q request c-4 --reason "Customer asked by phone" --clarified
pg_snapshot 0

# extensions: only in time, only with a reason, the reason only with the extension
refused carol "UPDATE gdpr.requests SET extended = true, extension_reason = 'Several systems to check',
                 due_on = '2026-04-01' WHERE id = 1" "its deadline passed on 2026-03-02; Art. 12(3) allows an extension only within"
refused carol "UPDATE gdpr.requests SET extended = true, due_on = '2027-03-08' WHERE id = 2" "an extension needs its reason"
pg_expect 0 carol review 2 --extend --reason "Several linked systems to check"
pg_snapshot 0
refused carol "UPDATE gdpr.requests SET extension_reason = 'Because we can' WHERE id = 2" \
  "the reason of an extension is written with the extension"

# retention: only with the rejection, after today; the contact restricted only by it, for good
refused carol "UPDATE gdpr.requests SET retain_until = '2033-12-31' WHERE id = 2" "a retention date is set only with its rejection"
refused carol "UPDATE gdpr.requests SET retain_until = '2040-01-01' WHERE id = 3" "a retention date is set only with its rejection"
refused carol "UPDATE gdpr.requests SET state = 'rejected', decided_by = 'carol', decided_at = 'now',
                 decision_reason = 'Open invoice', retain_until = '2020-01-01' WHERE id = 4" "the retention must run after today"
# (each with the audit event the server asks for, so that it is the retention rule that refuses)
with_event() { echo "BEGIN; $1; INSERT INTO gdpr.audit (action, contact_id, details) VALUES ('$2', '$3', '{}'); COMMIT"; }
refused carol "$(with_event "UPDATE gdpr.contacts SET status = 'restricted', block_all_mail = true WHERE id = 'c-5'" contact.blocked c-5)" \
  "becomes restricted only by a rejection with a retention date"
refused carol "$(with_event "UPDATE gdpr.contacts SET block_all_mail = false WHERE id = 'c-3'" contact.unblocked c-3)" \
  "its all-mail block stays"
refused carol "$(with_event "UPDATE gdpr.contacts SET status = 'active' WHERE id = 'c-3'" contact.updated c-3)" \
  "only a new request (which puts it on hold) ends that"
pg_expect 6 carol unblock c-3 all-mail
pg_expect_unchanged 0

# review.require_sheet: no approval, by gdpr or by hand, before the sheet of the request was printed
write_config "" "require_sheet = true"
pg_expect 0 gdpr_owner policy apply "$GDPR_CONFIG" --yes
pg_snapshot 0
pg_expect 6 bob approve 4 --yes
expect_stderr "print-sheet --request 4"
pg_expect_unchanged 0
refused bob "BEGIN; INSERT INTO gdpr.approvals (request_id, approver, at) VALUES (4, 'bob', 'now'); COMMIT" \
  "the policy requires the printed sheet before approval"
pg_expect 0 bob print-sheet --request 4 -o "$T/sheet.txt"
pg_expect 0 bob approve 4 --yes
pg_expect 0 bob review 4 --format json
expect_json 'd["state"] == "erased"'
pass
