#!/usr/bin/env python3
"""A linked-system hook for gdpr: holds, releases or erases a contact in a "JET" database.

(gdpr reaches such a database itself with kind = "sqlite" and one statement per action, as the
demo does: docs/linked-systems.md. This hook stays as the example of a command: what any hook
must do, for systems no built-in kind reaches.)

The JET system is simulated by an SQLite file named by $JET_DB with a table
    kontakte(id TEXT PRIMARY KEY, aktiv INTEGER, name TEXT, email TEXT)
Configure it once per action, e.g.

    [[systems]]
    name = "jet-main"
    hold = "JET_DB=/srv/jet/jet.db python3 /usr/share/doc/gdpr/examples/hooks/jet_sqlite.py"
    release = "JET_DB=/srv/jet/jet.db python3 /usr/share/doc/gdpr/examples/hooks/jet_sqlite.py"
    erase = "JET_DB=/srv/jet/jet.db python3 /usr/share/doc/gdpr/examples/hooks/jet_sqlite.py"

What a hook must do, and this one shows:
- take the data only from stdin (JSON) and the GDPR_* environment, never from its command line;
- use it only through bound parameters (no SQL or shell built by pasting);
- be idempotent: gdpr may run it again after a crash, so holding a held contact, releasing a
  released one or erasing an erased one succeeds;
- exit 0 on success, anything else on failure (gdpr records it and `gdpr retry` reruns it);
- print nothing personal: its output goes to the user's terminal.
"""
import json
import os
import sqlite3
import sys


def main():
    action = os.environ["GDPR_ACTION"]
    contact_id = os.environ["GDPR_CONTACT_ID"]
    contact = json.load(sys.stdin)  # {"id": ..., "properties": {...}}
    assert contact["id"] == contact_id
    db = sqlite3.connect(os.environ["JET_DB"], timeout=30)
    db.execute("PRAGMA secure_delete = ON")
    with db:
        if action == "hold":
            db.execute("UPDATE kontakte SET aktiv = 0 WHERE id = ?", (contact_id,))
        elif action == "release":
            db.execute("UPDATE kontakte SET aktiv = 1 WHERE id = ?", (contact_id,))
        elif action == "erase":
            db.execute("DELETE FROM kontakte WHERE id = ?", (contact_id,))
        else:
            print(f"jet_sqlite: unknown action {action}", file=sys.stderr)
            return 2
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"jet_sqlite: {action} {os.environ['GDPR_SYSTEM']} request {os.environ['GDPR_REQUEST_ID']}: ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
