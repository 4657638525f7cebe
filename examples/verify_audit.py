#!/usr/bin/env python3
"""Re-verify a gdpr audit chain without gdpr, as docs/audit.md specifies.

Usage: gdpr audit --format json > trail.json && python3 verify_audit.py trail.json

Exit 0 with the event count and the head hash if the chain is intact; exit 8 naming the first bad
event if it is not; exit 9 if the file is missing, unreadable or not an exported trail. Python's
standard library only.

The hash covers the bytes of `details` as stored (the export's `details_text`), not a
re-serialization of them: a `details` that means the same JSON in other bytes is a changed event,
as for `gdpr audit --verify` (docs/decisions.md).
"""
import hashlib
import json
import sys

GENESIS = "0" * 64


def quoted(value):
    # What gdpr writes for a string: the JSON escapes for '"', '\\' and C0 controls (\b \f \n \r \t
    # or \u00XX), everything else (DEL, non-ASCII) as its UTF-8 bytes.
    return json.dumps(value, ensure_ascii=False)


def canonical(event):
    details = event["details_text"] if "details_text" in event else json.dumps(
        event["details"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def opt(value, render):
        return "null" if value is None else render(value)

    return ('{"action":' + quoted(event["action"]) + ',"actor":' + quoted(event["actor"]) + ',"at":' +
            quoted(event["at"]) + ',"contact_id":' + opt(event["contact_id"], quoted) + ',"details":' + details +
            ',"request_id":' + opt(event["request_id"], str) + ',"seq":' + str(event["seq"]) + "}")


def details_match(event):
    # The export's `details` must be what `details_text` says (else the reader is shown other data
    # than was hashed); text that is not JSON is exported as that text.
    if "details_text" not in event:
        return True
    try:
        parsed = json.loads(event["details_text"])
    except ValueError:
        parsed = event["details_text"]
    return parsed == event["details"]


def main(argv):
    if len(argv) != 2:
        print("usage: verify_audit.py TRAIL.json (from `gdpr audit --format json`)", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        with open(path, encoding="utf-8") as f:
            events = json.load(f)
    except OSError as e:
        print(f"verify_audit: cannot read {path}: {e.strerror}", file=sys.stderr)
        return 9
    except ValueError as e:
        print(f"verify_audit: {path} is not JSON ({e}); export the trail with `gdpr audit --format json`",
              file=sys.stderr)
        return 9
    if not isinstance(events, list):
        print(f"verify_audit: {path} is not an exported trail (a JSON list of events)", file=sys.stderr)
        return 9
    if any("details_text" not in e for e in events):
        print("verify_audit: warning: the export has no details_text (an older gdpr); details are hashed as "
              "re-serialized", file=sys.stderr)
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        try:
            problem = None
            if event["seq"] != expected_seq:
                problem = f"sequence number {event['seq']} where {expected_seq} was expected"
            elif event["prev_hash"] != prev:
                problem = "prev_hash does not match the hash of the event before it"
            elif hashlib.sha256((prev + "\n" + canonical(event)).encode("utf-8")).hexdigest() != event["hash"]:
                problem = "hash does not match the event's content"
            elif not details_match(event):
                problem = "details do not match details_text (the export was edited)"
        except (KeyError, TypeError):
            problem = "the event lacks a field of the export"
        if problem:
            print(f"audit chain broken at event {event.get('seq', expected_seq)}: {problem}", file=sys.stderr)
            return 8
        prev = event["hash"]
    print(f"Audit chain OK: {len(events)} events, head {prev}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
