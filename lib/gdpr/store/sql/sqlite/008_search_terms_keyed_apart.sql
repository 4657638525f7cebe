-- Schema 8 (issue 20): the search index's rows in a rowid table, their key (bucket, term) in an
-- index of its own. In the WITHOUT ROWID table of schema 6 the key's B-tree held the members too:
-- a common word's row (`example`, 8,192 contacts of a bucket, 40 kB) spilled to overflow pages,
-- and SQLite reads a cell's whole payload to compare a key with it, so each bucket's lookup of a
-- `contact find` read seven pages instead of two (874 page reads on a million contacts for one
-- e-mail, docs/performance.md). The index holds only (bucket, term, rowid): small cells, no
-- overflow; the members are read for the rows that match. The old table's pages are zeroed
-- when they are freed (secure_delete), terms being personal data.
CREATE TABLE contact_terms_v8 (
  bucket INTEGER NOT NULL,
  term TEXT NOT NULL,
  members TEXT NOT NULL
);
-- The index first, then the rows in its order: each key goes at its end (CREATE INDEX on the
-- filled table would sort all the keys, in memory).
CREATE UNIQUE INDEX contact_terms_key ON contact_terms_v8 (bucket, term);
INSERT INTO contact_terms_v8 (bucket, term, members)
SELECT bucket, term, members FROM contact_terms ORDER BY bucket, term;
-- Emptied before it is dropped: DROP TABLE zeroes (secure_delete) every page of the table in one
-- statement inside the migration's transaction, and keeps each page's old content in the
-- statement journal, in memory (temp_store = MEMORY): 1.1 GB at ten million contacts. A DELETE
-- of all rows frees the pages (zeroed as well) without that journal: 7 MB.
DELETE FROM contact_terms;
DROP TABLE contact_terms;
ALTER TABLE contact_terms_v8 RENAME TO contact_terms;
