-- Schema 7 (proof of erasure, SPEC §13): a step can be the probe after an erase (`verify`). steps is
-- rebuilt, as contacts in schemas 3 and 5 (CHECK constraints cannot be altered); runs with
-- foreign keys off.
CREATE TABLE steps_v7 (
  request_id INTEGER NOT NULL REFERENCES requests (id),
  system TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action = 'hold' OR action = 'release' OR action = 'erase' OR action = 'verify'),
  position INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  runner_pid INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (request_id, system, action)
) WITHOUT ROWID;
INSERT INTO steps_v7 (request_id, system, action, position, state, attempts, updated_at, runner_pid)
SELECT request_id, system, action, position, state, attempts, updated_at, runner_pid FROM steps;
DROP TABLE steps;
ALTER TABLE steps_v7 RENAME TO steps;
CREATE INDEX steps_unfinished ON steps (request_id) WHERE state <> 'done';
