-- Schema 8 (issue 20): the search index's rows in a rowid table, their key (bucket, term) in an
-- index of its own. In the WITHOUT ROWID table of schema 6 the key's B-tree held the members too:
-- a common word's row (`example`, 8,192 contacts of a bucket, 40 kB) spilled to overflow pages,
-- and SQLite reads a cell's whole payload to compare a key with it, so each bucket's lookup of a
-- `contact find` read seven pages instead of two (874 page reads on a million contacts for one
-- e-mail, docs/performance.md). The index holds only (bucket, term, rowid): small cells, no
-- overflow; the members are read for the rows that match. The old table's pages are zeroed
-- when it is dropped (secure_delete), terms being personal data.
CREATE TABLE contact_terms_v8 (
  bucket INTEGER NOT NULL,
  term TEXT NOT NULL,
  members TEXT NOT NULL
);
-- The index first, then the rows in its order: each goes at its end (no sort of all the keys in
-- memory, which CREATE INDEX on the filled table needed: 160 MB at a million contacts).
CREATE UNIQUE INDEX contact_terms_key ON contact_terms_v8 (bucket, term);
INSERT INTO contact_terms_v8 (bucket, term, members)
SELECT bucket, term, members FROM contact_terms ORDER BY bucket, term;
DROP TABLE contact_terms;
ALTER TABLE contact_terms_v8 RENAME TO contact_terms;
