-- Schema 1: the tables.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE contacts (
  id TEXT PRIMARY KEY NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on-hold', 'erased')),
  block_newsletter INTEGER NOT NULL DEFAULT 0 CHECK (block_newsletter IN (0, 1)),
  block_all_mail INTEGER NOT NULL DEFAULT 0 CHECK (block_all_mail IN (0, 1)),
  properties TEXT NOT NULL DEFAULT '[]',
  erased_by_request INTEGER,
  email_fingerprint TEXT
);
CREATE INDEX contacts_fingerprint ON contacts (email_fingerprint) WHERE email_fingerprint IS NOT NULL;
CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts (id),
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'erased', 'rejected', 'withdrawn')),
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  received_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  assignee TEXT NOT NULL DEFAULT '',
  extended INTEGER NOT NULL DEFAULT 0,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX requests_one_open ON requests (contact_id) WHERE state IN ('pending', 'approved');
CREATE INDEX requests_open_due ON requests (due_on, id) WHERE state IN ('pending', 'approved');
CREATE INDEX requests_contact ON requests (contact_id);
CREATE TABLE approvals (
  request_id INTEGER NOT NULL REFERENCES requests (id),
  approver TEXT NOT NULL,
  at TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (request_id, approver)
) WITHOUT ROWID;
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests (id),
  author TEXT NOT NULL,
  at TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX comments_request ON comments (request_id, id);
CREATE TABLE steps (
  request_id INTEGER NOT NULL REFERENCES requests (id),
  system TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('hold', 'release', 'erase')),
  position INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  runner_pid INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (request_id, system, action)
) WITHOUT ROWID;
CREATE INDEX steps_unfinished ON steps (request_id) WHERE state <> 'done';
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  request_id INTEGER,
  contact_id TEXT,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_request ON audit (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX audit_contact ON audit (contact_id) WHERE contact_id IS NOT NULL;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END;
