-- Re-verify a gdpr audit chain inside PostgreSQL (11 or newer), without gdpr, as docs/audit.md
-- specifies: psql -X -At -v ON_ERROR_STOP=1 -f verify_audit.sql "postgresql:///gdpr"
-- (examples/verify_audit_psql.sh runs it and exits 8 when the chain is broken).
-- Prints "Audit chain OK: N events, head H", or "audit chain broken at event N: what".
-- to_json(text) escapes as gdpr does (\" \\ \b \f \n \r \t, \u00XX for other C0 controls);
-- `details` is hashed as stored.
WITH e AS (
  SELECT seq, prev_hash, hash,
         row_number() OVER (ORDER BY seq) AS n,
         lag(hash, 1, repeat('0', 64)) OVER (ORDER BY seq) AS link,
         encode(sha256(convert_to(prev_hash || E'\n'
           || '{"action":' || to_json(action)::text || ',"actor":' || to_json(actor)::text
           || ',"at":' || to_json("at")::text
           || ',"contact_id":' || coalesce(to_json(contact_id)::text, 'null')
           || ',"details":' || details
           || ',"request_id":' || coalesce(request_id::text, 'null') || ',"seq":' || seq || '}', 'UTF8')), 'hex')
           AS computed
  FROM gdpr.audit
), bad AS (
  SELECT seq, CASE WHEN seq <> n THEN format('sequence number %s where %s was expected', seq, n)
                   WHEN prev_hash <> link THEN 'prev_hash does not match the hash of the event before it'
                   ELSE 'hash does not match the event''s content' END AS problem
  FROM e WHERE seq <> n OR prev_hash <> link OR hash <> computed ORDER BY n LIMIT 1
)
SELECT coalesce((SELECT format('audit chain broken at event %s: %s', seq, problem) FROM bad),
                format('Audit chain OK: %s events, head %s', (SELECT count(*) FROM e),
                       coalesce((SELECT hash FROM e ORDER BY seq DESC LIMIT 1), repeat('0', 64))))
       AS verdict;
