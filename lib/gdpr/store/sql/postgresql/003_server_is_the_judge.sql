-- Schema 3 (issue 15): the server is the only judge. Run after the grants on a new database and by
-- `gdpr init` (the owner) on a version 2 one, in the same transaction as the version number.

-- The owner of the schema (who ran `gdpr init`): the cron job's role, trusted like the server.
CREATE OR REPLACE FUNCTION gdpr.is_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT session_user::regrole = (SELECT nspowner FROM pg_namespace WHERE nspname = 'gdpr')::regrole
$$;

-- The server's time, as gdpr writes times (RFC 3339 UTC with seconds).
CREATE OR REPLACE FUNCTION gdpr.now() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- The stored policy (gdpr policy show), or an empty object before init stored one.
CREATE OR REPLACE FUNCTION gdpr.policy() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT value::jsonb FROM gdpr.meta WHERE key = 'policy'), '{}'::jsonb)
$$;

-- The writers' lock: a row of the schema, which only members (who may update it) can lock; an
-- update itself is refused. It replaces the advisory lock that any role could take.
CREATE TABLE gdpr.writer (one boolean PRIMARY KEY DEFAULT true CHECK (one));
INSERT INTO gdpr.writer VALUES (true);
CREATE FUNCTION gdpr.refuse_writer_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = 'gdpr.writer is the writers'' lock: lock it with SELECT ... FOR UPDATE, never change it',
                        ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER writer_no_change BEFORE UPDATE OR DELETE ON gdpr.writer FOR EACH ROW EXECUTE FUNCTION gdpr.refuse_writer_change();
GRANT SELECT, UPDATE ON gdpr.writer TO gdpr_requesters;

-- The secret of the e-mail fingerprints: usable through gdpr.email_fingerprint, readable by the
-- owner only.
CREATE TABLE gdpr.secret (one boolean PRIMARY KEY DEFAULT true CHECK (one), value text NOT NULL);
INSERT INTO gdpr.secret (value) SELECT value FROM gdpr.meta WHERE key = 'secret';
DELETE FROM gdpr.meta WHERE key = 'secret';
REVOKE ALL ON gdpr.secret FROM gdpr_requesters, gdpr_reviewers;

-- HMAC-SHA256 (RFC 2104) from the built-in sha256(): the same fingerprints as OpenSSL's.
CREATE FUNCTION gdpr.hmac_sha256(key bytea, message bytea) RETURNS text LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k bytea := key;
  inner_pad bytea;
  outer_pad bytea;
BEGIN
  IF length(k) > 64 THEN k := sha256(k); END IF;
  k := k || decode(repeat('00', 64 - length(k)), 'hex');
  inner_pad := k;
  outer_pad := k;
  FOR i IN 0..63 LOOP
    inner_pad := set_byte(inner_pad, i, get_byte(k, i) # 54);
    outer_pad := set_byte(outer_pad, i, get_byte(k, i) # 92);
  END LOOP;
  RETURN encode(sha256(outer_pad || sha256(inner_pad || message)), 'hex');
END $$;
CREATE FUNCTION gdpr.email_fingerprint(email text) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT (gdpr.is_member('gdpr_requesters') OR gdpr.is_owner()) THEN
    PERFORM gdpr.refuse(format('%L has no gdpr role', gdpr.actor()));
  END IF;
  RETURN gdpr.hmac_sha256(convert_to((SELECT value FROM gdpr.secret), 'UTF8'), convert_to(email, 'UTF8'));
END $$;
REVOKE EXECUTE ON FUNCTION gdpr.hmac_sha256(bytea, bytea), gdpr.email_fingerprint(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gdpr.email_fingerprint(text) TO gdpr_requesters;

-- Audit events are the server's: whatever a client sends, the server sets the sequence number,
-- the time, the actor (the session's role), the link to the head and the hash (docs/audit.md's
-- canonical form, as examples/verify_audit.sql computes it); the details must be a JSON object
-- and the action one of gdpr's. The transaction that wrote an event is kept (not hashed) so that
-- the checks below can ask whether a change has its event.
ALTER TABLE gdpr.audit ADD COLUMN txid xid8;
CREATE INDEX audit_txid ON gdpr.audit (txid);
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
                        'policy.set', 'policy.changed', 'role.granted', 'role.revoked') THEN
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
      WHEN NEW.action IN ('sheet.printed', 'contact.imported') THEN true
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

-- Whether this transaction recorded an audit event for the contact or the request (for a
-- contact alone, an import's one event counts too).
CREATE OR REPLACE FUNCTION gdpr.has_event(contact text, request bigint) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM gdpr.audit a WHERE a.txid = pg_current_xact_id()
                 AND (a.contact_id = contact OR a.request_id = request
                      OR (request IS NULL AND a.action = 'contact.imported')))
$$;

-- Whether this transaction recorded an event with one of these actions.
CREATE OR REPLACE FUNCTION gdpr.has_action(actions text[]) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM gdpr.audit a WHERE a.txid = pg_current_xact_id() AND a.action = ANY (actions))
$$;

-- Contacts: a new one is active (a tombstone comes only from an erasure); an erased one keeps
-- its tombstone (only a readmission clears the fingerprint); the hold follows the open request.
CREATE OR REPLACE FUNCTION gdpr.check_contact_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.status <> 'active' OR NEW.erased_by_request IS NOT NULL THEN
    PERFORM gdpr.refuse(format('contact %L: a new contact is active; a tombstone comes only from an erasure', NEW.id));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contacts_insert BEFORE INSERT ON gdpr.contacts FOR EACH ROW EXECUTE FUNCTION gdpr.check_contact_insert();

CREATE OR REPLACE FUNCTION gdpr.check_contact_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c gdpr.contacts;
  open_request bigint;
BEGIN
  SELECT * INTO c FROM gdpr.contacts WHERE id = NEW.id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF OLD.status = 'erased' AND c.status = 'erased'
     AND (c.properties <> OLD.properties OR c.erased_by_request IS DISTINCT FROM OLD.erased_by_request
          OR (c.email_fingerprint IS DISTINCT FROM OLD.email_fingerprint AND coalesce(c.email_fingerprint, '') <> '')) THEN
    PERFORM gdpr.refuse(format('contact %L is erased: its tombstone cannot be changed', NEW.id));
  END IF;
  IF OLD.status = 'erased' AND NOT gdpr.has_action(ARRAY['contact.readmitted', 'contact.imported']) THEN
    PERFORM gdpr.refuse(format('contact %L is erased: only a readmission (--readmit) changes its tombstone', NEW.id));
  END IF;
  SELECT id INTO open_request FROM gdpr.requests WHERE contact_id = NEW.id AND state IN ('pending', 'approved');
  IF (c.status = 'on-hold') <> (open_request IS NOT NULL) AND c.status <> 'erased' THEN
    PERFORM gdpr.refuse(format('contact %L is %s: a contact is on hold exactly while a request for it is open',
                               NEW.id, c.status));
  END IF;
  IF open_request IS NOT NULL AND NOT c.block_all_mail AND c.status <> 'erased' THEN
    PERFORM gdpr.refuse(format('contact %L has the open request %s: its all-mail block stays until it is decided',
                               NEW.id, open_request));
  END IF;
  IF NOT gdpr.has_event(NEW.id, NULL) THEN
    PERFORM gdpr.refuse(format('contact %L: a change without its audit event is refused', NEW.id));
  END IF;
  RETURN NULL;
END $$;
-- Checked at commit, when the whole action (the contact, its request, the audit event) is there.
CREATE CONSTRAINT TRIGGER contacts_change AFTER UPDATE ON gdpr.contacts DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION gdpr.check_contact_change();

-- Requests: the server files them under the session's role and time, with the due date of the
-- stored policy and the next id; each change of a request comes with its audit event.
-- Request ids come from a sequence only the server's trigger uses: nobody picks an id ahead.
CREATE SEQUENCE gdpr.request_ids;
SELECT setval('gdpr.request_ids', greatest((SELECT max(id) FROM gdpr.requests), 1),
              (SELECT count(*) > 0 FROM gdpr.requests));
ALTER TABLE gdpr.requests ALTER COLUMN id DROP IDENTITY;
CREATE OR REPLACE FUNCTION gdpr.check_request_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  received date;
BEGIN
  IF NOT gdpr.is_member('gdpr_requesters') THEN
    PERFORM gdpr.refuse(format('%L may not file deletion requests: not a member of gdpr_requesters', gdpr.actor()));
  END IF;
  IF NEW.state <> 'pending' OR NEW.decided_by <> '' OR NEW.decided_at <> '' OR NEW.decision_reason <> ''
     OR NEW.erased_at <> '' OR NEW.extended THEN
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
  IF received > (statement_timestamp() AT TIME ZONE 'UTC')::date THEN
    PERFORM gdpr.refuse(format('received_on %s is in the future', received));
  END IF;
  NEW.id := nextval('gdpr.request_ids');
  NEW.requested_by := gdpr.actor();
  NEW.requested_at := gdpr.now();
  NEW.received_on := to_char(received, 'YYYY-MM-DD');
  NEW.due_on := gdpr.due_date(received, 0);
  RETURN NEW;
END $$;

-- The linked systems of the stored policy that have a command for `action` (hold, release, erase).
CREATE OR REPLACE FUNCTION gdpr.policy_systems(action text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
  SELECT s->>'name' FROM jsonb_array_elements(coalesce(gdpr.policy()->'systems', '[]'::jsonb)) AS s
  WHERE coalesce(s->>action, '') <> ''
$$;

-- Whether the session may run and finish the erasure of a request filed by `filer`: a reviewer
-- who did not file it, or the owner (rules::may_finish_erasure).
CREATE OR REPLACE FUNCTION gdpr.may_finish_erasure(filer text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT gdpr.is_owner() OR (gdpr.is_member('gdpr_reviewers') AND gdpr.actor() <> filer)
$$;

-- The due date: received + review.deadline_months (+ extra) calendar months, the day clamped to
-- the month's last (rules::due_date; PostgreSQL's date + interval does the same).
CREATE OR REPLACE FUNCTION gdpr.due_date(received date, extra integer) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(received + make_interval(months => coalesce((gdpr.policy()->'review'->>'deadline_months')::integer, 1)
                                                   + extra), 'YYYY-MM-DD')
$$;

CREATE OR REPLACE FUNCTION gdpr.check_request_times() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.due_on <> OLD.due_on AND NOT (NEW.extended AND NOT OLD.extended
                                       AND NEW.due_on = gdpr.due_date(OLD.received_on::date, 2)) THEN
    PERFORM gdpr.refuse(format('request %s: the due date moves only by the one extension, to %s', OLD.id,
                               gdpr.due_date(OLD.received_on::date, 2)));
  END IF;
  IF NEW.state <> OLD.state AND NEW.decided_at <> OLD.decided_at THEN NEW.decided_at := gdpr.now(); END IF;
  IF NEW.erased_at <> OLD.erased_at THEN NEW.erased_at := gdpr.now(); END IF;
  IF NEW.state IN ('rejected', 'withdrawn', 'approved') AND NEW.state <> OLD.state THEN
    NEW.decided_by := gdpr.actor();
  END IF;
  IF NEW.state = 'erased' AND OLD.state <> 'erased' THEN
    -- Every linked system of the stored policy has erased (its erase step is done).
    IF EXISTS (SELECT 1 FROM gdpr.policy_systems('erase') AS system
               WHERE NOT EXISTS (SELECT 1 FROM gdpr.steps st WHERE st.request_id = OLD.id AND st.system = system
                                 AND st.action = 'erase' AND st.state = 'done')) THEN
      PERFORM gdpr.refuse(format('request %s: not every linked system of the policy has erased; `gdpr retry %s` '
                                 'finishes the erasure', OLD.id, OLD.id));
    END IF;
    IF NOT gdpr.may_finish_erasure(OLD.requested_by) THEN
      PERFORM gdpr.refuse(format('four-eyes rule: only a reviewer who did not file request %s (or the owner) finishes '
                                 'its erasure', OLD.id));
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER requests_when BEFORE UPDATE ON gdpr.requests FOR EACH ROW EXECUTE FUNCTION gdpr.check_request_times();

CREATE OR REPLACE FUNCTION gdpr.check_request_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c gdpr.contacts;
  r gdpr.requests;
BEGIN
  -- At commit: the request and its contact as the whole transaction left them.
  SELECT * INTO r FROM gdpr.requests WHERE id = NEW.id;
  IF r.state IN ('pending', 'approved') THEN
    SELECT * INTO c FROM gdpr.contacts WHERE id = NEW.contact_id;
    IF c.status <> 'on-hold' OR NOT c.block_all_mail THEN
      PERFORM gdpr.refuse(format('request %s is open: contact %L must be on hold with the all-mail block',
                                 NEW.id, NEW.contact_id));
    END IF;
  END IF;
  IF NOT gdpr.has_event(NEW.contact_id, NEW.id) THEN
    PERFORM gdpr.refuse(format('request %s: a change without its audit event is refused', NEW.id));
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER requests_change AFTER INSERT OR UPDATE ON gdpr.requests DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION gdpr.check_request_change();

-- Approvals and comments carry the server's time.
CREATE OR REPLACE FUNCTION gdpr.stamp_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.at := gdpr.now();
  RETURN NEW;
END $$;
CREATE TRIGGER approvals_at BEFORE INSERT ON gdpr.approvals FOR EACH ROW EXECUTE FUNCTION gdpr.stamp_at();
CREATE TRIGGER comments_at BEFORE INSERT ON gdpr.comments FOR EACH ROW EXECUTE FUNCTION gdpr.stamp_at();

-- Steps: planned from the stored policy's linked systems; an erase step's outcome is recorded
-- only by a reviewer who did not file the request, or the owner; a done step stays done.
CREATE OR REPLACE FUNCTION gdpr.check_step() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  filer text;
BEGIN
  IF NEW.system NOT IN (SELECT gdpr.policy_systems(NEW.action)) THEN
    PERFORM gdpr.refuse(format('%L is not a linked system with a %s command in the stored policy', NEW.system,
                               NEW.action));
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF (NEW.request_id, NEW.system, NEW.action) IS DISTINCT FROM (OLD.request_id, OLD.system, OLD.action) THEN
      PERFORM gdpr.refuse('a step keeps its request, system and action');
    END IF;
    IF OLD.state = 'done' AND NEW.state <> 'done' THEN
      PERFORM gdpr.refuse(format('the %s step of %L for request %s is done', OLD.action, OLD.system, OLD.request_id));
    END IF;
  END IF;
  IF NEW.action = 'erase' AND NEW.state <> 'pending' THEN
    SELECT requested_by INTO filer FROM gdpr.requests WHERE id = NEW.request_id;
    IF NOT gdpr.may_finish_erasure(filer) THEN
      PERFORM gdpr.refuse(format('four-eyes rule: only a reviewer who did not file request %s (or the owner) runs '
                                 'and records its erasure in %L', NEW.request_id, NEW.system));
    END IF;
  END IF;
  -- An upsert fires the INSERT trigger first; the UPDATE trigger then sees the row it replaces.
  IF NEW.state = 'done' AND ((TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM gdpr.steps st
                                 WHERE st.request_id = NEW.request_id AND st.system = NEW.system AND st.action = NEW.action))
                             OR (TG_OP = 'UPDATE' AND OLD.state NOT IN ('running', 'done'))) THEN
    PERFORM gdpr.refuse(format('the %s step of %L for request %s becomes done only after it ran', NEW.action,
                               NEW.system, NEW.request_id));
  END IF;
  NEW.updated_at := gdpr.now();
  RETURN NEW;
END $$;
CREATE TRIGGER steps_check BEFORE INSERT OR UPDATE ON gdpr.steps FOR EACH ROW EXECUTE FUNCTION gdpr.check_step();
