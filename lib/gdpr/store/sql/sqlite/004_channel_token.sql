-- Schema 4: the policy lives in the database (meta 'policy', stored by `gdpr init` right after this
-- migration, with its policy.set event). The channel becomes a token (SPEC §3): free text
-- there could name the customer, so a value that is not a token after trimming and
-- lower-casing becomes 'other'.
UPDATE requests SET channel = CASE
  WHEN length(lower(trim(channel))) BETWEEN 1 AND 32 AND lower(trim(channel)) NOT GLOB '*[^a-z0-9-]*'
  THEN lower(trim(channel)) ELSE 'other' END
WHERE channel <> '';
