-- Schema 3: contacts.status checked with = and OR. SQLite builds a temporary table for an IN list of
-- three or more values on every row it checks: two zeroed pages and a B-tree per inserted
-- contact, half of an import's instructions. The table is rebuilt (CHECK constraints
-- cannot be altered) with its rowids, so listings keep their order; runs with foreign keys off.
CREATE TABLE contacts_v3 (
  id TEXT PRIMARY KEY NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'on-hold' OR status = 'erased'),
  block_newsletter INTEGER NOT NULL DEFAULT 0 CHECK (block_newsletter IN (0, 1)),
  block_all_mail INTEGER NOT NULL DEFAULT 0 CHECK (block_all_mail IN (0, 1)),
  properties TEXT NOT NULL DEFAULT '[]',
  erased_by_request INTEGER,
  email_fingerprint TEXT
);
INSERT INTO contacts_v3 (rowid, id, status, block_newsletter, block_all_mail, properties, erased_by_request,
                         email_fingerprint)
SELECT rowid, id, status, block_newsletter, block_all_mail, properties, erased_by_request, email_fingerprint
FROM contacts ORDER BY rowid;
DROP TABLE contacts;
ALTER TABLE contacts_v3 RENAME TO contacts;
CREATE INDEX contacts_fingerprint ON contacts (email_fingerprint) WHERE email_fingerprint IS NOT NULL;
