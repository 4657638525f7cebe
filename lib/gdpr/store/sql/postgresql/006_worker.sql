-- Schema 6 (issue 18): the worker. With policy `[steps] runner = "worker"` the commands only
-- record their steps and `gdpr worker`, logged in as a member of gdpr_workers, runs them: it
-- holds the linked systems' credentials, nobody else needs them. A worker reads everything and
-- writes steps and their audit events only; it decides nothing (no request, contact, approval or
-- policy changes).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gdpr_workers') THEN CREATE ROLE gdpr_workers NOLOGIN; END IF;
END $$;
GRANT USAGE ON SCHEMA gdpr TO gdpr_workers;
GRANT SELECT ON ALL TABLES IN SCHEMA gdpr TO gdpr_workers;
GRANT SELECT, UPDATE ON gdpr.writer TO gdpr_workers;
GRANT INSERT, UPDATE ON gdpr.steps TO gdpr_workers;
GRANT INSERT ON gdpr.audit TO gdpr_workers;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA gdpr TO gdpr_workers;
REVOKE ALL ON gdpr.secret FROM gdpr_workers;

-- A step is checked as before (003), and: an erase step runs only for an approved request (the
-- four-eyes decision is made before anything is erased anywhere, whoever runs the step), and a
-- worker may run and record it as a reviewer who did not file the request may.
CREATE OR REPLACE FUNCTION gdpr.check_step() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  filer text;
  request_state text;
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
    SELECT requested_by, state INTO filer, request_state FROM gdpr.requests WHERE id = NEW.request_id;
    IF NOT (gdpr.may_finish_erasure(filer) OR gdpr.is_member('gdpr_workers')) THEN
      PERFORM gdpr.refuse(format('four-eyes rule: only a reviewer who did not file request %s, a worker (or the '
                                 'owner) runs and records its erasure in %L', NEW.request_id, NEW.system));
    END IF;
    IF NEW.state = 'running' AND request_state <> 'approved' THEN
      PERFORM gdpr.refuse(format('request %s is %s: its erasure in %L runs only once it is approved',
                                 NEW.request_id, request_state, NEW.system));
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
