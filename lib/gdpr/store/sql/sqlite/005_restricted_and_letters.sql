-- Schema 5 (issue 17): a contact can be `restricted` (kept only for a legal retention duty after
-- a rejection, Art. 18), and a request keeps the retention date of such a rejection and the
-- reason of its extension (for the sheet and the extension letter). contacts is rebuilt, as in
-- schema 3 (CHECK constraints cannot be altered), with its rowids; runs with foreign keys off.
CREATE TABLE contacts_v5 (
  id TEXT PRIMARY KEY NOT NULL,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status = 'active' OR status = 'on-hold' OR status = 'restricted' OR status = 'erased'),
  block_newsletter INTEGER NOT NULL DEFAULT 0 CHECK (block_newsletter IN (0, 1)),
  block_all_mail INTEGER NOT NULL DEFAULT 0 CHECK (block_all_mail IN (0, 1)),
  properties TEXT NOT NULL DEFAULT '[]',
  erased_by_request INTEGER,
  email_fingerprint TEXT
);
INSERT INTO contacts_v5 (rowid, id, status, block_newsletter, block_all_mail, properties, erased_by_request,
                         email_fingerprint)
SELECT rowid, id, status, block_newsletter, block_all_mail, properties, erased_by_request, email_fingerprint
FROM contacts ORDER BY rowid;
DROP TABLE contacts;
ALTER TABLE contacts_v5 RENAME TO contacts;
CREATE INDEX contacts_fingerprint ON contacts (email_fingerprint) WHERE email_fingerprint IS NOT NULL;
ALTER TABLE requests ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN retain_until TEXT NOT NULL DEFAULT '';
-- The reminder's question: which rejections for a retention duty have run out.
CREATE INDEX requests_retained ON requests (retain_until) WHERE retain_until <> '';
