-- Schema 2: when the local erasure happened, for the erasure record (backfilled from the trail).
ALTER TABLE requests ADD COLUMN erased_at TEXT NOT NULL DEFAULT '';
UPDATE requests SET erased_at = coalesce(
  (SELECT max(at) FROM audit WHERE audit.request_id = requests.id AND audit.action = 'request.erased'), '')
WHERE state = 'erased';
