-- Schema 7 (issue 19): the index of `gdpr contact find` (SPEC §12), as on SQLite: one row per
-- bucket and word (folded, lib/gdpr/search.hpp), with the offsets of the bucket's contacts that
-- have it ("3,57,8000"); a bucket holds the contacts at positions (pos) n * 8192 to
-- n * 8192 + 8191. The store writes them with the contact, and the terms of existing contacts
-- right after this migration. Compared byte by byte (COLLATE "C"), so that a word's prefix is a
-- range of the key.
CREATE TABLE gdpr.contact_terms (
  bucket bigint NOT NULL,
  term text COLLATE "C" NOT NULL,
  members text NOT NULL,
  PRIMARY KEY (bucket, term)
);
GRANT SELECT ON gdpr.contact_terms TO gdpr_requesters, gdpr_workers;
GRANT INSERT, UPDATE, DELETE ON gdpr.contact_terms TO gdpr_requesters;

-- An erased contact keeps no term, whoever erases it and however: when its status becomes
-- erased, the server takes it out of every row of its bucket and deletes the rows left empty.
CREATE FUNCTION gdpr.forget_terms() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  member text := (NEW.pos % 8192)::text;
BEGIN
  UPDATE gdpr.contact_terms
     SET members = array_to_string(array_remove(string_to_array(members, ','), member), ',')
   WHERE bucket = NEW.pos / 8192 AND member = ANY (string_to_array(members, ','));
  DELETE FROM gdpr.contact_terms WHERE bucket = NEW.pos / 8192 AND members = '';
  RETURN NULL;
END $$;
CREATE TRIGGER contacts_forget_terms AFTER UPDATE OF status ON gdpr.contacts
  FOR EACH ROW WHEN (NEW.status = 'erased') EXECUTE FUNCTION gdpr.forget_terms();
REVOKE EXECUTE ON FUNCTION gdpr.forget_terms() FROM PUBLIC;
