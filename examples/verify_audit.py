#!/usr/bin/env python3
"""Re-verify a gdpr audit chain without gdpr, as docs/audit.md specifies.

Usage: gdpr audit --format json > trail.json && python3 verify_audit.py trail.json
Exit 0 and the head hash if the chain is intact; exit 8 naming the first bad event otherwise.
"""
import hashlib
import json
import sys

GENESIS = "0" * 64


def canonical(event):
    body = {k: event[k] for k in ("seq", "at", "actor", "action", "request_id", "contact_id", "details")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def main(path):
    with open(path, encoding="utf-8") as f:
        events = json.load(f)
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        digest = hashlib.sha256((prev + "\n" + canonical(event)).encode("utf-8")).hexdigest()
        if event["seq"] != expected_seq or event["prev_hash"] != prev or event["hash"] != digest:
            print(f"chain broken at event {event['seq']}", file=sys.stderr)
            return 8
        prev = event["hash"]
    print(f"ok: {len(events)} events, head {prev}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
