-- Schema 8 (issue 20): an import sends a thousand rows a statement, and the server's work for
-- them is done once per statement where it was done once per row. Nothing it enforces changes.
--
-- The same two rules on new contacts, at a cost per statement instead of per row:
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

-- The fingerprints of a batch of e-mails (an import's check against the tombstones), the same
-- HMAC-SHA256 as gdpr.email_fingerprint: who may ask is checked, the secret read and the key's
-- pads computed once for the batch instead of once per e-mail. Empty e-mails are left out; `n`
-- is the e-mail's place in the array, from 1.
CREATE FUNCTION gdpr.email_fingerprints(emails text[]) RETURNS TABLE (n bigint, fingerprint text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k bytea;
  inner_pad bytea;
  outer_pad bytea;
BEGIN
  IF NOT (gdpr.is_member('gdpr_requesters') OR gdpr.is_owner()) THEN
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
REVOKE EXECUTE ON FUNCTION gdpr.email_fingerprints(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gdpr.email_fingerprints(text[]) TO gdpr_requesters;
