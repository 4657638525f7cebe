-- Schema 8 (issue 20): the same two rules on new contacts, at a cost per statement instead of per
-- row, so that an import inserting a thousand contacts a statement is not checked a thousand
-- times. Neither rule changes:
--
-- * A new contact is active and no tombstone (schema 3): the trigger now runs only for a row
--   that breaks the rule (its WHEN is evaluated by the server without calling PL/pgSQL).
-- * A new contact comes with its audit event in the same transaction (schema 4): instead of a
--   deferred check per row, the contacts an INSERT added are noted once per statement (their ids,
--   from the statement's transition table), and that note is checked at commit: an import's
--   `contact.imported` event covers all of them, else every id needs an event of its own. The
--   note is deleted by its check; members have no privilege on the table, so only the trigger
--   writes it and nobody can take a note out before it is checked.
DROP TRIGGER contacts_insert ON gdpr.contacts;
CREATE TRIGGER contacts_insert BEFORE INSERT ON gdpr.contacts
  FOR EACH ROW WHEN (NEW.status <> 'active' OR NEW.erased_by_request IS NOT NULL)
  EXECUTE FUNCTION gdpr.check_contact_insert();

DROP TRIGGER contacts_new ON gdpr.contacts;
DROP FUNCTION gdpr.check_contact_new();

CREATE TABLE gdpr.new_contacts (
  note bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txid xid8 NOT NULL,
  ids text[] NOT NULL
);
REVOKE ALL ON gdpr.new_contacts FROM PUBLIC;

CREATE FUNCTION gdpr.note_new_contacts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO gdpr.new_contacts (txid, ids)
  SELECT pg_current_xact_id(), array_agg(added.id) FROM added HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER contacts_new AFTER INSERT ON gdpr.contacts
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION gdpr.note_new_contacts();

CREATE FUNCTION gdpr.check_new_contacts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  missing text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM gdpr.audit a WHERE a.txid = NEW.txid AND a.action = 'contact.imported') THEN
    SELECT id INTO missing FROM unnest(NEW.ids) AS id WHERE NOT gdpr.has_event(id, NULL) LIMIT 1;
    IF FOUND THEN
      PERFORM gdpr.refuse(format('contact %L: a new contact without its audit event is refused', missing));
    END IF;
  END IF;
  DELETE FROM gdpr.new_contacts WHERE note = NEW.note;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER new_contacts_checked AFTER INSERT ON gdpr.new_contacts DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION gdpr.check_new_contacts();

REVOKE EXECUTE ON FUNCTION gdpr.note_new_contacts() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION gdpr.check_new_contacts() FROM PUBLIC;
