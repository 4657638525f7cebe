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

-- Who writes a probe, in every state, and who puts an erase step back to pending (006 checks the
-- erase's other states, so a requester could queue a failed or a worker's running erase again):
-- whom may run the erase, a reviewer who did not file the request, a worker, or the owner.
CREATE FUNCTION gdpr.check_erasure_step_writer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT (gdpr.may_finish_erasure((SELECT requested_by FROM gdpr.requests WHERE id = NEW.request_id))
          OR gdpr.is_member('gdpr_workers')) THEN
    PERFORM gdpr.refuse(format('four-eyes rule: only a reviewer who did not file request %s, a worker (or the '
                               'owner) %s in %L', NEW.request_id,
                               CASE WHEN NEW.action = 'verify' THEN 'runs and records the proof of its erasure'
                                    ELSE 'plans or queues again its erasure' END, NEW.system));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER steps_erasure_writer_check BEFORE INSERT OR UPDATE ON gdpr.steps FOR EACH ROW
  WHEN (NEW.action = 'verify' OR (NEW.action = 'erase' AND NEW.state = 'pending'))
  EXECUTE FUNCTION gdpr.check_erasure_step_writer();

-- A probe runs only for an approved request, and only after its system's erase is done (a proof
-- cannot come before the erasure).
CREATE FUNCTION gdpr.check_verify_step() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  request_state text;
BEGIN
  SELECT state INTO request_state FROM gdpr.requests WHERE id = NEW.request_id;
  IF NEW.state = 'running' AND request_state <> 'approved' THEN
    PERFORM gdpr.refuse(format('request %s is %s: the proof of its erasure in %L runs only once it is approved',
                               NEW.request_id, request_state, NEW.system));
  END IF;
  IF NEW.state IN ('running', 'done') AND NOT EXISTS (
      SELECT 1 FROM gdpr.steps e WHERE e.request_id = NEW.request_id AND e.system = NEW.system
        AND e.action = 'erase' AND e.state = 'done') THEN
    PERFORM gdpr.refuse(format('request %s: the proof of its erasure in %L comes after the erase there, which is '
                               'not done', NEW.request_id, NEW.system));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER steps_verify_check BEFORE INSERT OR UPDATE ON gdpr.steps FOR EACH ROW
  WHEN (NEW.action = 'verify') EXECUTE FUNCTION gdpr.check_verify_step();

-- An erasure ends only when every system with a probe has shown the contact gone (besides 003's
-- "every system has erased"). The policy's systems are named p.name: a bare `system` inside the
-- subquery would be the steps' own column (st.system = st.system).
CREATE FUNCTION gdpr.check_erasure_verified() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gdpr.policy_systems('verify') AS p (name)
             WHERE NOT EXISTS (SELECT 1 FROM gdpr.steps st WHERE st.request_id = OLD.id AND st.system = p.name
                               AND st.action = 'verify' AND st.state = 'done')) THEN
    PERFORM gdpr.refuse(format('request %s: not every linked system of the policy has shown that the contact is '
                               'gone; `gdpr retry %s` erases and asks again', OLD.id, OLD.id));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER requests_verified BEFORE UPDATE ON gdpr.requests FOR EACH ROW
  WHEN (NEW.state = 'erased' AND OLD.state <> 'erased') EXECUTE FUNCTION gdpr.check_erasure_verified();

-- 003's check that every system has erased had the same mistake: `st.system = system` compared the
-- steps' column with itself, so one done erase step of any system let the request be marked
-- erased. Restated with the policy's systems named p.name (otherwise unchanged).
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
    IF EXISTS (SELECT 1 FROM gdpr.policy_systems('erase') AS p (name)
               WHERE NOT EXISTS (SELECT 1 FROM gdpr.steps st WHERE st.request_id = OLD.id AND st.system = p.name
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

-- The audit trail knows the two new actions: a proof records its own probe's step, a find of the
-- watch changes no row and is written only by whom may watch (005's function otherwise unchanged).
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
      WHEN NEW.action IN ('sheet.printed', 'contact.imported', 'letter.issued') THEN true
      -- a find of the watch: by whom may watch (workers, reviewers, the owner)
      WHEN NEW.action = 'watch.found' THEN
        gdpr.is_member('gdpr_workers') OR gdpr.is_member('gdpr_reviewers') OR gdpr.is_owner()
      -- a proof: the probe of the system it names was recorded done in this transaction
      WHEN NEW.action = 'step.verified' THEN
        EXISTS (SELECT 1 FROM gdpr.steps st WHERE st.request_id = NEW.request_id AND st.system = d->>'system'
                AND st.action = 'verify' AND st.state = 'done' AND st.xmin = pg_current_xact_id()::xid)
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
