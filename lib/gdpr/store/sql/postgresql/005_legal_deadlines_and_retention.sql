-- Schema 5 (issue 17): deadlines to the letter of Reg. (EEC, Euratom) No 1182/71 Art. 3 (public
-- holidays, computed as lib/gdpr/holidays.cpp computes them), "today" in the policy's time zone,
-- extensions only in time and with a reason, a rejection that keeps the contact restricted for a
-- retention duty (Art. 18), letters in the trail, and review.require_sheet.

-- A contact may be restricted; a request keeps its extension's reason and a retention date.
DO $$
DECLARE
  name text;
BEGIN
  SELECT conname INTO name FROM pg_constraint
    WHERE conrelid = 'gdpr.contacts'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%';
  EXECUTE format('ALTER TABLE gdpr.contacts DROP CONSTRAINT %I', name);
END $$;
ALTER TABLE gdpr.contacts ADD CONSTRAINT contacts_status_check
  CHECK (status IN ('active', 'on-hold', 'restricted', 'erased'));
ALTER TABLE gdpr.requests ADD COLUMN extension_reason text NOT NULL DEFAULT '',
                          ADD COLUMN retain_until text NOT NULL DEFAULT '';
CREATE INDEX requests_retained ON gdpr.requests (retain_until) WHERE retain_until <> '';
GRANT UPDATE (extension_reason, retain_until) ON gdpr.requests TO gdpr_requesters;

-- Easter Sunday of the Gregorian calendar (anonymous Gregorian / Meeus algorithm).
CREATE OR REPLACE FUNCTION gdpr.easter_sunday(year integer) RETURNS date LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a integer := year % 19;
  b integer := year / 100;
  c integer := year % 100;
  h integer;
  l integer;
  m integer;
  n integer;
BEGIN
  h := (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30;
  l := (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7;
  m := (a + 11 * h + 22 * l) / 451;
  n := h + l - 7 * m + 114;
  RETURN make_date(year, n / 31, n % 31 + 1);
END $$;

-- True for a public holiday of `region` ('AT', 'DE', 'DE-BW' .. 'DE-TH', 'none') or one of the
-- `extra` dates; an unknown region is an error.
CREATE OR REPLACE FUNCTION gdpr.is_public_holiday(d date, region text, extra jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  y integer := extract(year FROM d)::integer;
  md integer := extract(month FROM d)::integer * 100 + extract(day FROM d)::integer;  -- 1231 = 31 Dec
  e date := gdpr.easter_sunday(y);
BEGIN
  IF region IS NULL OR NOT region = ANY (ARRAY['AT', 'DE', 'DE-BW', 'DE-BY', 'DE-BE', 'DE-BB', 'DE-HB', 'DE-HH',
      'DE-HE', 'DE-MV', 'DE-NI', 'DE-NW', 'DE-RP', 'DE-SL', 'DE-SN', 'DE-ST', 'DE-SH', 'DE-TH', 'none']) THEN
    RAISE EXCEPTION USING MESSAGE = format('unknown holiday region %L', region), ERRCODE = 'invalid_parameter_value';
  END IF;
  IF extra ? format('%s-%s-%s', lpad(y::text, 4, '0'), lpad((md / 100)::text, 2, '0'), lpad((md % 100)::text, 2, '0'))
  THEN
    RETURN true;
  END IF;
  IF region = 'none' THEN RETURN false; END IF;
  IF region = 'AT' THEN
    RETURN md IN (101, 106, 501, 815, 1026, 1101, 1208, 1225, 1226) OR d IN (e + 1, e + 39, e + 50, e + 60);
  END IF;
  -- Germany: the federal holidays, then the states'.
  RETURN md IN (101, 501, 1003, 1225, 1226) OR d IN (e - 2, e + 1, e + 39, e + 50)
    OR (md = 106 AND region IN ('DE-BW', 'DE-BY', 'DE-ST'))
    OR (md = 308 AND ((region = 'DE-BE' AND y >= 2019) OR (region = 'DE-MV' AND y >= 2023)))
    OR (md = 508 AND region = 'DE-BE' AND y IN (2020, 2025))
    OR (d = e + 60 AND region IN ('DE-BW', 'DE-BY', 'DE-HE', 'DE-NW', 'DE-RP', 'DE-SL'))
    OR (md = 815 AND region = 'DE-SL')
    OR (md = 920 AND region = 'DE-TH' AND y >= 2019)
    OR (md = 1031 AND (region IN ('DE-BB', 'DE-MV', 'DE-SN', 'DE-ST', 'DE-TH')
                       OR (region IN ('DE-HB', 'DE-HH', 'DE-NI', 'DE-SH') AND y >= 2018) OR y = 2017))
    OR (md = 1101 AND region IN ('DE-BW', 'DE-BY', 'DE-NW', 'DE-RP', 'DE-SL'))
    -- Buß- und Bettag: the Wednesday before 23 Nov.
    OR (md BETWEEN 1116 AND 1122 AND extract(isodow FROM d) = 3 AND region = 'DE-SN');
END $$;

-- `d` if it is a working day (not a Saturday, a Sunday or a public holiday), else the next one
-- (Art. 3(4)).
CREATE OR REPLACE FUNCTION gdpr.next_working_day(d date, region text, extra jsonb) RETURNS date
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  day date := d;
BEGIN
  WHILE extract(isodow FROM day) >= 6 OR gdpr.is_public_holiday(day, region, extra) LOOP
    day := day + 1;
  END LOOP;
  RETURN day;
END $$;

-- The day a period of `months` months from `received` ends (Art. 3(2)(c): same day number, the
-- month's last day when it has none), moved to the next working day (Art. 3(4)).
CREATE OR REPLACE FUNCTION gdpr.legal_due_date(received date, months integer, region text, extra jsonb) RETURNS date
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT gdpr.next_working_day((received + make_interval(months => legal_due_date.months))::date, region, extra)
$$;

-- The due date: received + review.deadline_months (+ extra) calendar months, moved to the next
-- working day of the policy's review.holidays and review.extra_holidays (rules::due_date).
CREATE OR REPLACE FUNCTION gdpr.due_date(received date, extra integer) RETURNS text LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
  SELECT to_char(gdpr.legal_due_date(received,
                                     coalesce((gdpr.policy()->'review'->>'deadline_months')::integer, 1) + extra,
                                     coalesce(gdpr.policy()->'review'->>'holidays', 'AT'),
                                     gdpr.policy()->'review'->'extra_holidays'), 'YYYY-MM-DD')
$$;

-- Today in the policy's time zone (`timezone`; empty: the server's), as the client counts it.
CREATE OR REPLACE FUNCTION gdpr.today() RETURNS date LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
  SELECT (statement_timestamp() AT TIME ZONE coalesce(nullif(gdpr.policy()->>'timezone', ''),
                                                      current_setting('TimeZone')))::date
$$;

CREATE OR REPLACE FUNCTION gdpr.check_request_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  received date;
BEGIN
  IF NOT gdpr.is_member('gdpr_requesters') THEN
    PERFORM gdpr.refuse(format('%L may not file deletion requests: not a member of gdpr_requesters', gdpr.actor()));
  END IF;
  IF NEW.state <> 'pending' OR NEW.decided_by <> '' OR NEW.decided_at <> '' OR NEW.decision_reason <> ''
     OR NEW.erased_at <> '' OR NEW.extended OR NEW.extension_reason <> '' OR NEW.retain_until <> '' THEN
    PERFORM gdpr.refuse('a new request must be pending and undecided');
  END IF;
  IF char_length(btrim(NEW.reason, E' \t\r\n')) < gdpr.setting('reason_min_length', 1) THEN
    PERFORM gdpr.refuse(format('the reason must have at least %s characters', gdpr.setting('reason_min_length', 1)));
  END IF;
  BEGIN
    received := NEW.received_on::date;
  EXCEPTION WHEN others THEN
    PERFORM gdpr.refuse(format('received_on %L is not a date (YYYY-MM-DD)', NEW.received_on));
  END;
  IF received > gdpr.today() THEN
    PERFORM gdpr.refuse(format('received_on %s is in the future', received));
  END IF;
  NEW.id := nextval('gdpr.request_ids');
  NEW.requested_by := gdpr.actor();
  NEW.requested_at := gdpr.now();
  NEW.received_on := to_char(received, 'YYYY-MM-DD');
  NEW.due_on := gdpr.due_date(received, 0);
  RETURN NEW;
END $$;

-- The legal rules of a request's change: an extension only while the original due date has not
-- passed, and with its reason; the extension's reason changes only with it; a retention date only
-- with a rejection, and after today. (The blanking out of an erased contact's values, a trigger's
-- own update, changes free texts alone.)
CREATE OR REPLACE FUNCTION gdpr.check_request_legal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  until date;
BEGIN
  IF NEW.extended AND NOT OLD.extended THEN
    IF gdpr.today() > OLD.due_on::date THEN
      PERFORM gdpr.refuse(format('request %s: its deadline passed on %s; Art. 12(3) allows an extension only within '
                                 'the first period', OLD.id, OLD.due_on));
    END IF;
    IF char_length(btrim(NEW.extension_reason, E' \t\r\n')) < gdpr.setting('reason_min_length', 1) THEN
      PERFORM gdpr.refuse(format('request %s: an extension needs its reason', OLD.id));
    END IF;
  ELSIF NEW.extension_reason <> OLD.extension_reason AND pg_trigger_depth() <= 1 THEN
    PERFORM gdpr.refuse(format('request %s: the reason of an extension is written with the extension', OLD.id));
  END IF;
  IF NEW.retain_until <> OLD.retain_until THEN
    IF NOT (OLD.state = 'pending' AND NEW.state = 'rejected' AND OLD.retain_until = '') THEN
      PERFORM gdpr.refuse(format('request %s: a retention date is set only with its rejection', OLD.id));
    END IF;
    BEGIN
      until := NEW.retain_until::date;
    EXCEPTION WHEN others THEN
      PERFORM gdpr.refuse(format('retain_until %L is not a date (YYYY-MM-DD)', NEW.retain_until));
    END;
    IF until <= gdpr.today() THEN
      PERFORM gdpr.refuse(format('request %s: the retention must run after today (%s)', OLD.id, until));
    END IF;
    NEW.retain_until := to_char(until, 'YYYY-MM-DD');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER requests_update_legal BEFORE UPDATE ON gdpr.requests FOR EACH ROW EXECUTE FUNCTION gdpr.check_request_legal();

-- At commit: a contact is restricted exactly when its latest request was rejected for a retention
-- duty in a transaction that made it so, keeps its all-mail block while restricted, and leaves
-- the restriction only for a new request (on hold).
CREATE OR REPLACE FUNCTION gdpr.check_contact_restriction() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c gdpr.contacts;
BEGIN
  SELECT * INTO c FROM gdpr.contacts WHERE id = NEW.id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF c.status = 'restricted' AND NOT c.block_all_mail THEN
    PERFORM gdpr.refuse(format('contact %L is restricted for a retention duty: its all-mail block stays', NEW.id));
  END IF;
  IF c.status = 'restricted' AND OLD.status <> 'restricted' AND NOT EXISTS (
       SELECT 1 FROM gdpr.requests r WHERE r.contact_id = NEW.id AND r.state = 'rejected' AND r.retain_until <> ''
       AND r.xmin = pg_current_xact_id()::xid) THEN
    PERFORM gdpr.refuse(format('contact %L becomes restricted only by a rejection with a retention date', NEW.id));
  END IF;
  IF OLD.status = 'restricted' AND c.status NOT IN ('restricted', 'on-hold') THEN
    PERFORM gdpr.refuse(format('contact %L is restricted for a retention duty: only a new request (which puts it on '
                               'hold) ends that', NEW.id));
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER contacts_restriction AFTER UPDATE ON gdpr.contacts DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.block_all_mail IS DISTINCT FROM NEW.block_all_mail)
  EXECUTE FUNCTION gdpr.check_contact_restriction();

-- At commit: a rejection with a retention date leaves its contact restricted.
CREATE OR REPLACE FUNCTION gdpr.check_request_retention() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM gdpr.contacts c WHERE c.id = NEW.contact_id AND c.status = 'restricted'
                 AND c.block_all_mail) THEN
    PERFORM gdpr.refuse(format('request %s was rejected for a retention duty: contact %L must be restricted with '
                               'the all-mail block', NEW.id, NEW.contact_id));
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER requests_retention AFTER UPDATE ON gdpr.requests DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.retain_until <> '' AND OLD.retain_until = '')
  EXECUTE FUNCTION gdpr.check_request_retention();

-- review.require_sheet: an approval only after the sheet of the request was printed.
CREATE OR REPLACE FUNCTION gdpr.check_approval_sheet() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF coalesce((gdpr.policy()->'review'->>'require_sheet')::boolean, false)
     AND NOT EXISTS (SELECT 1 FROM gdpr.audit a WHERE a.request_id = NEW.request_id AND a.action = 'sheet.printed') THEN
    PERFORM gdpr.refuse(format('the policy requires the printed sheet before approval (review.require_sheet): run '
                               '`gdpr print-sheet --request %s` first', NEW.request_id));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER approvals_sheet BEFORE INSERT ON gdpr.approvals FOR EACH ROW EXECUTE FUNCTION gdpr.check_approval_sheet();

-- The erasure blanks the contact's values out of the extension's reason too (SPEC §5).
CREATE OR REPLACE FUNCTION gdpr.check_contact_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  vals text[];
BEGIN
  IF NEW.status = 'erased' AND OLD.status <> 'erased' THEN
    IF NOT EXISTS (SELECT 1 FROM gdpr.requests r WHERE r.id = NEW.erased_by_request
                   AND r.contact_id = NEW.id AND r.state = 'approved') THEN
      PERFORM gdpr.refuse(format('contact %L can only be erased through an approved request', NEW.id));
    END IF;
    SELECT array_agg(v ORDER BY char_length(v) DESC) INTO vals
      FROM (SELECT btrim(p->>1) AS v FROM jsonb_array_elements(OLD.properties::jsonb) AS p) AS x
      WHERE char_length(v) >= 3;
    IF vals IS NOT NULL THEN
      UPDATE gdpr.requests SET reason = gdpr.blank_out(reason, vals),
                               decision_reason = gdpr.blank_out(decision_reason, vals),
                               extension_reason = gdpr.blank_out(extension_reason, vals)
        WHERE contact_id = NEW.id;
      UPDATE gdpr.comments SET text = gdpr.blank_out(text, vals)
        WHERE request_id IN (SELECT id FROM gdpr.requests WHERE contact_id = NEW.id);
      UPDATE gdpr.approvals SET comment = gdpr.blank_out(comment, vals)
        WHERE request_id IN (SELECT id FROM gdpr.requests WHERE contact_id = NEW.id);
    END IF;
  END IF;
  RETURN NEW;
END $$;

-- Audit events: letters to the data subject are recorded (`letter.issued`, a change of no row).

-- (003's function re-stated with the new action; everything else as there.)
CREATE OR REPLACE FUNCTION gdpr.check_audit_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head gdpr.audit;
  d jsonb;
  recorded boolean;
BEGIN
  PERFORM 1 FROM gdpr.writer FOR UPDATE;  -- the writers' lock: one chain, no fork
  IF NEW.action NOT IN ('contact.added', 'contact.updated', 'contact.imported', 'contact.blocked',
                        'contact.unblocked', 'contact.readmitted', 'request.created', 'request.commented',
                        'request.assigned', 'request.extended', 'request.approved', 'request.rejected',
                        'request.withdrawn', 'request.erased', 'step.done', 'step.failed', 'sheet.printed',
                        'policy.set', 'policy.changed', 'role.granted', 'role.revoked', 'letter.issued') THEN
    PERFORM gdpr.refuse(format('%L is not an action of the audit trail', NEW.action));
  END IF;
  BEGIN
    d := NEW.details::jsonb;
  EXCEPTION WHEN others THEN
    d := NULL;
  END;
  IF d IS NULL OR jsonb_typeof(d) <> 'object' THEN
    PERFORM gdpr.refuse('the details of an audit event must be a JSON object');
  END IF;
  IF NEW.request_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gdpr.requests WHERE id = NEW.request_id) THEN
    PERFORM gdpr.refuse(format('an audit event names request %s, which does not exist', NEW.request_id));
  END IF;
  IF NEW.contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gdpr.contacts WHERE id = NEW.contact_id) THEN
    PERFORM gdpr.refuse(format('an audit event names contact %L, which does not exist', NEW.contact_id));
  END IF;
  -- An event records a change this transaction made (rows it wrote carry its id as xmin); a
  -- printed sheet and an import summary change no row of their own; policy and role events are
  -- the owner's.
  recorded := CASE
      WHEN NEW.action IN ('sheet.printed', 'contact.imported', 'letter.issued') THEN true
      WHEN NEW.action LIKE 'contact.%' THEN
        EXISTS (SELECT 1 FROM gdpr.contacts c WHERE c.id = NEW.contact_id AND c.xmin = pg_current_xact_id()::xid)
      WHEN NEW.action = 'request.commented' THEN
        EXISTS (SELECT 1 FROM gdpr.comments c WHERE c.request_id = NEW.request_id AND c.xmin = pg_current_xact_id()::xid)
      WHEN NEW.action = 'request.approved' THEN
        EXISTS (SELECT 1 FROM gdpr.approvals a WHERE a.request_id = NEW.request_id AND a.xmin = pg_current_xact_id()::xid)
      WHEN NEW.action LIKE 'request.%' THEN
        EXISTS (SELECT 1 FROM gdpr.requests r WHERE r.id = NEW.request_id AND r.xmin = pg_current_xact_id()::xid)
      WHEN NEW.action LIKE 'step.%' THEN
        EXISTS (SELECT 1 FROM gdpr.steps st WHERE st.request_id = NEW.request_id AND st.xmin = pg_current_xact_id()::xid)
      ELSE gdpr.is_owner()
    END;
  IF NOT recorded THEN
    PERFORM gdpr.refuse(format('an audit event records a change of its transaction: %s for %s has none', NEW.action,
                               coalesce('request ' || NEW.request_id, quote_literal(NEW.contact_id), 'the database')));
  END IF;
  SELECT * INTO head FROM gdpr.audit ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(head.seq, 0) + 1;
  NEW.prev_hash := coalesce(head.hash, repeat('0', 64));
  NEW.at := gdpr.now();
  NEW.actor := gdpr.actor();
  NEW.txid := pg_current_xact_id();
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || E'\n'
    || '{"action":' || to_json(NEW.action)::text || ',"actor":' || to_json(NEW.actor)::text
    || ',"at":' || to_json(NEW.at)::text
    || ',"contact_id":' || coalesce(to_json(NEW.contact_id)::text, 'null')
    || ',"details":' || NEW.details
    || ',"request_id":' || coalesce(NEW.request_id::text, 'null') || ',"seq":' || NEW.seq || '}', 'UTF8')), 'hex');
  RETURN NEW;
END $$;

