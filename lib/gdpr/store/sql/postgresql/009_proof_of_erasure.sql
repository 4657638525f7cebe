-- Schema 9 (proof of erasure, SPEC §13): after each linked system's erase, a step of its own
-- (`verify`) asks the system whether the contact is gone; `gdpr watch` reports erased people a
-- system brought back. The server judges the probes as it judges the erase steps.

DO $$
DECLARE
  name text;
BEGIN
  SELECT conname INTO name FROM pg_constraint
    WHERE conrelid = 'gdpr.steps'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%action%';
  EXECUTE format('ALTER TABLE gdpr.steps DROP CONSTRAINT %I', name);
END $$;
ALTER TABLE gdpr.steps ADD CONSTRAINT steps_action_check CHECK (action IN ('hold', 'release', 'erase', 'verify'));

-- The systems of the stored policy with a step for `action`: HubSpot and Mailchimp have their probe
-- built in, also in a policy stored before the probes.
CREATE OR REPLACE FUNCTION gdpr.policy_systems(action text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
  SELECT s->>'name' FROM jsonb_array_elements(coalesce(gdpr.policy()->'systems', '[]'::jsonb)) AS s
  WHERE coalesce(s->>action, '') <> ''
     OR (action = 'verify' AND coalesce(s->>'erase', '') <> '' AND s->>'kind' IN ('hubspot', 'mailchimp'))
$$;

-- A probe is run and recorded by whom may run the erase (006's check_step for erase steps): a
-- reviewer who did not file the request, a worker, or the owner; and only for an approved request.
CREATE FUNCTION gdpr.check_verify_step() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  filer text;
  request_state text;
BEGIN
  IF NEW.state <> 'pending' THEN
    SELECT requested_by, state INTO filer, request_state FROM gdpr.requests WHERE id = NEW.request_id;
    IF NOT (gdpr.may_finish_erasure(filer) OR gdpr.is_member('gdpr_workers')) THEN
      PERFORM gdpr.refuse(format('four-eyes rule: only a reviewer who did not file request %s, a worker (or the '
                                 'owner) runs and records the proof of its erasure in %L', NEW.request_id, NEW.system));
    END IF;
    IF NEW.state = 'running' AND request_state <> 'approved' THEN
      PERFORM gdpr.refuse(format('request %s is %s: the proof of its erasure in %L runs only once it is approved',
                                 NEW.request_id, request_state, NEW.system));
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER steps_verify_check BEFORE INSERT OR UPDATE ON gdpr.steps FOR EACH ROW
  WHEN (NEW.action = 'verify') EXECUTE FUNCTION gdpr.check_verify_step();

-- An erasure ends only when every system with a probe has shown the contact gone (besides 003's
-- "every system has erased").
CREATE FUNCTION gdpr.check_erasure_verified() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gdpr.policy_systems('verify') AS system
             WHERE NOT EXISTS (SELECT 1 FROM gdpr.steps st WHERE st.request_id = OLD.id AND st.system = system
                               AND st.action = 'verify' AND st.state = 'done')) THEN
    PERFORM gdpr.refuse(format('request %s: not every linked system of the policy has shown that the contact is '
                               'gone; `gdpr retry %s` erases and asks again', OLD.id, OLD.id));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER requests_verified BEFORE UPDATE ON gdpr.requests FOR EACH ROW
  WHEN (NEW.state = 'erased' AND OLD.state <> 'erased') EXECUTE FUNCTION gdpr.check_erasure_verified();

-- The audit trail knows the two new actions; a find of the watch changes no row (005's function
-- otherwise unchanged).
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
                        'policy.set', 'policy.changed', 'role.granted', 'role.revoked', 'letter.issued',
                        'step.verified', 'watch.found') THEN
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
  -- printed sheet, an import summary and a find of the watch change no row of their own; policy and role events are
  -- the owner's.
  recorded := CASE
      WHEN NEW.action IN ('sheet.printed', 'contact.imported', 'letter.issued', 'watch.found') THEN true
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

-- `gdpr watch` runs with the worker's credentials: it fingerprints the e-mails a system lists (in
-- the server's memory, with the tombstones' key) and looks them up among the tombstones. 008's
-- function, which a worker may now call too.
CREATE OR REPLACE FUNCTION gdpr.email_fingerprints(emails text[]) RETURNS TABLE (n bigint, fingerprint text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k bytea;
  inner_pad bytea;
  outer_pad bytea;
BEGIN
  IF NOT (gdpr.is_member('gdpr_requesters') OR gdpr.is_member('gdpr_workers') OR gdpr.is_owner()) THEN
    PERFORM gdpr.refuse(format('%L has no gdpr role', gdpr.actor()));
  END IF;
  k := convert_to((SELECT value FROM gdpr.secret), 'UTF8');
  IF length(k) > 64 THEN k := sha256(k); END IF;
  k := k || decode(repeat('00', 64 - length(k)), 'hex');
  inner_pad := k;
  outer_pad := k;
  FOR i IN 0..63 LOOP
    inner_pad := set_byte(inner_pad, i, get_byte(k, i) # 54);
    outer_pad := set_byte(outer_pad, i, get_byte(k, i) # 92);
  END LOOP;
  RETURN QUERY
    SELECT u.n, encode(sha256(outer_pad || sha256(inner_pad || convert_to(u.email, 'UTF8'))), 'hex')
      FROM unnest(emails) WITH ORDINALITY AS u (email, n) WHERE u.email <> '';
END $$;
GRANT EXECUTE ON FUNCTION gdpr.email_fingerprints(text[]) TO gdpr_workers;
