-- Schema 4: a tombstone can be updated again (a readmission clears its fingerprint, also one
-- under a new contact id, whose event names the tombstone; the check that a contact becomes
-- erased only through an approved request applies when it becomes erased), and a new contact
-- needs its audit event (contact.added, or an import's contact.imported) of the same
-- transaction, checked at commit like every change.
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

-- Whether this transaction readmitted the person of the tombstone `tomb` under another contact id
-- (contact.readmitted of the new contact, its details naming the tombstone).
CREATE OR REPLACE FUNCTION gdpr.readmits(tomb text) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM gdpr.audit a WHERE a.txid = pg_current_xact_id() AND a.action = 'contact.readmitted'
                 AND a.details::jsonb ->> 'tombstone' = tomb)
$$;

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
  IF NOT (gdpr.has_event(NEW.id, NULL) OR (OLD.status = 'erased' AND gdpr.readmits(NEW.id))) THEN
    PERFORM gdpr.refuse(format('contact %L: a change without its audit event is refused', NEW.id));
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION gdpr.check_contact_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT gdpr.has_event(NEW.id, NULL) THEN
    PERFORM gdpr.refuse(format('contact %L: a new contact without its audit event is refused', NEW.id));
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER contacts_new AFTER INSERT ON gdpr.contacts DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION gdpr.check_contact_new();

-- Migration 2's gdpr.blank_out is nobody's to call but the server's triggers (a database created
-- before migration 2 existed had granted it to PUBLIC, as every new function is).
REVOKE EXECUTE ON FUNCTION gdpr.blank_out(text, text[]) FROM PUBLIC;
