-- Schema 2 (issue 14): the server blanks out an erased contact's values in the free texts of its
-- requests.
CREATE OR REPLACE FUNCTION gdpr.check_request_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  approvers integer;
BEGIN
  -- Blanking out an erased contact's values (gdpr.check_contact_update, a trigger itself) changes
  -- the free texts alone; nobody's own UPDATE runs at a trigger depth above one.
  IF pg_trigger_depth() > 1 AND (NEW.id, NEW.contact_id, NEW.state, NEW.requested_by, NEW.requested_at, NEW.received_on,
      NEW.due_on, NEW.channel, NEW.assignee, NEW.extended, NEW.decided_by, NEW.decided_at, NEW.erased_at)
      IS NOT DISTINCT FROM (OLD.id, OLD.contact_id, OLD.state, OLD.requested_by, OLD.requested_at, OLD.received_on,
      OLD.due_on, OLD.channel, OLD.assignee, OLD.extended, OLD.decided_by, OLD.decided_at, OLD.erased_at) THEN
    RETURN NEW;
  END IF;
  IF NEW.id <> OLD.id OR NEW.contact_id <> OLD.contact_id OR NEW.reason <> OLD.reason
     OR NEW.requested_by <> OLD.requested_by OR NEW.requested_at <> OLD.requested_at
     OR NEW.received_on <> OLD.received_on OR NEW.channel <> OLD.channel THEN
    PERFORM gdpr.refuse(format('request %s: who filed it, when, for whom and why cannot be changed', OLD.id));
  END IF;
  IF NEW.state = OLD.state THEN
    IF NEW.decided_by <> OLD.decided_by OR NEW.decided_at <> OLD.decided_at
       OR NEW.decision_reason <> OLD.decision_reason OR NEW.erased_at <> OLD.erased_at THEN
      PERFORM gdpr.refuse(format('request %s: a decision is recorded only with a change of state', OLD.id));
    END IF;
    -- Assigning and extending the deadline are the reviewers' business.
    IF (NEW.assignee <> OLD.assignee OR NEW.due_on <> OLD.due_on OR NEW.extended <> OLD.extended)
       AND NOT gdpr.is_member('gdpr_reviewers') THEN
      PERFORM gdpr.refuse(format('%L is not a reviewer (not a member of gdpr_reviewers): only reviewers assign '
                                 'requests or extend deadlines', gdpr.actor()));
    END IF;
    IF OLD.extended AND (NEW.due_on <> OLD.due_on OR NOT NEW.extended) THEN
      PERFORM gdpr.refuse(format('request %s: the deadline was extended once already', OLD.id));
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.erased_at <> OLD.erased_at AND NEW.state <> 'erased' THEN
    PERFORM gdpr.refuse(format('request %s: erased_at is set only when it becomes erased', OLD.id));
  END IF;
  IF NOT ((OLD.state = 'pending' AND NEW.state IN ('approved', 'rejected', 'withdrawn'))
          OR (OLD.state = 'approved' AND NEW.state = 'erased')) THEN
    PERFORM gdpr.refuse(format('request %s is %s; it cannot become %s', OLD.id, OLD.state, NEW.state));
  END IF;
  IF NEW.state = 'withdrawn' THEN
    IF gdpr.actor() <> OLD.requested_by THEN
      PERFORM gdpr.refuse(format('request %s can only be withdrawn by %L, who filed it', OLD.id, OLD.requested_by));
    END IF;
  ELSIF NEW.state IN ('approved', 'rejected') THEN
    -- Deciding is the reviewers' business, never the filer's. Finishing an erasure that the
    -- approvals below already decided (approved -> erased) is not a decision: `gdpr retry` does
    -- it for whoever runs it, the owner's cron job included.
    IF NOT gdpr.is_member('gdpr_reviewers') THEN
      PERFORM gdpr.refuse(format('%L is not a reviewer (not a member of gdpr_reviewers)', gdpr.actor()));
    END IF;
    IF gdpr.actor() = OLD.requested_by THEN
      PERFORM gdpr.refuse(format('four-eyes rule: %L filed request %s and may not decide it', OLD.requested_by, OLD.id));
    END IF;
  END IF;
  IF NEW.state IN ('rejected', 'withdrawn') THEN
    IF NEW.decided_by <> gdpr.actor() OR char_length(btrim(NEW.decision_reason, E' \t\r\n')) = 0 THEN
      PERFORM gdpr.refuse(format('request %s: a rejection is recorded under the decider''s own role, with a reason',
                                 OLD.id));
    END IF;
  END IF;
  IF NEW.state IN ('approved', 'erased') THEN
    SELECT count(DISTINCT a.approver) INTO approvers FROM gdpr.approvals a
      WHERE a.request_id = OLD.id AND a.approver <> OLD.requested_by;
    IF approvers < greatest(gdpr.setting('approvals_required', 1), 1) THEN
      PERFORM gdpr.refuse(format('four-eyes rule: request %s has %s approval(s) by reviewers other than its filer, '
                                 '%s needed', OLD.id, approvers, greatest(gdpr.setting('approvals_required', 1), 1)));
    END IF;
  END IF;
  RETURN NEW;
END $$;
-- Every occurrence of one of `vals` in `t`, ignoring case, becomes [erased] (SPEC §5).
CREATE OR REPLACE FUNCTION gdpr.blank_out(t text, vals text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text;
BEGIN
  FOREACH v IN ARRAY vals LOOP
    t := regexp_replace(t, regexp_replace(v, '([^[:alnum:][:space:]])', '\\\1', 'g'), '[erased]', 'gi');
  END LOOP;
  RETURN t;
END $$;

-- A contact becomes erased only through an approved request for it; then the free texts of its
-- requests lose its values, in the same transaction.
CREATE OR REPLACE FUNCTION gdpr.check_contact_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  vals text[];
BEGIN
  IF NEW.status = 'erased' AND NOT EXISTS (SELECT 1 FROM gdpr.requests r WHERE r.id = NEW.erased_by_request
                                             AND r.contact_id = NEW.id AND r.state = 'approved') THEN
    PERFORM gdpr.refuse(format('contact %L can only be erased through an approved request', NEW.id));
  END IF;
  IF NEW.status = 'erased' AND OLD.status <> 'erased' THEN
    SELECT array_agg(v ORDER BY char_length(v) DESC) INTO vals
      FROM (SELECT btrim(p->>1) AS v FROM jsonb_array_elements(OLD.properties::jsonb) AS p) AS x
      WHERE char_length(v) >= 3;
    IF vals IS NOT NULL THEN
      UPDATE gdpr.requests SET reason = gdpr.blank_out(reason, vals),
                               decision_reason = gdpr.blank_out(decision_reason, vals)
        WHERE contact_id = NEW.id;
      UPDATE gdpr.comments SET text = gdpr.blank_out(text, vals)
        WHERE request_id IN (SELECT id FROM gdpr.requests WHERE contact_id = NEW.id);
      UPDATE gdpr.approvals SET comment = gdpr.blank_out(comment, vals)
        WHERE request_id IN (SELECT id FROM gdpr.requests WHERE contact_id = NEW.id);
    END IF;
  END IF;
  RETURN NEW;
END $$;
