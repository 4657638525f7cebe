-- Schema 6 (issue 19): the index of `gdpr contact find` (SPEC §12). One row per bucket and word:
-- the word (folded, lib/gdpr/search.hpp) of contacts' ids and property values, and the contacts
-- of the bucket that have it, as their offsets in the bucket ("3,57,8000"). A bucket holds the
-- contacts at positions (rowid) n * 8192 to n * 8192 + 8191: an import writes one bucket after
-- the other, one row per word, instead of one row per word and contact at a random place of the
-- index. The store writes them with the contact, and the terms of existing contacts right after
-- this migration. An erased contact is taken out of every row (a row left without contacts is
-- deleted), and secure_delete zeroes the bytes.
CREATE TABLE contact_terms (
  bucket INTEGER NOT NULL,
  term TEXT NOT NULL,
  members TEXT NOT NULL,
  PRIMARY KEY (bucket, term)
) WITHOUT ROWID;
