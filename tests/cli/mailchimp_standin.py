#!/usr/bin/env python3
"""A stand-in for the parts of Mailchimp's Marketing API 3.0 that gdpr's mailchimp kind uses, for
the tests only. As Mailchimp's reference describes them:

  PATCH /3.0/lists/{list}/members/{md5 of the lower-case e-mail}  {"status": "unsubscribed"} -> 200 | 404
  POST  /3.0/lists/{list}/members/{hash}/actions/delete-permanent                         -> 204 | 404
  GET   /3.0/lists/{list}/members/{hash} -> 200 {"id": hash, "email_address", "status": "subscribed" |
        "unsubscribed"} | 404
  GET   /3.0/lists/{list}/members?count=N&offset=M  (count 10 unless given, at most 1000, else 400;
        fields= and status= are accepted and ignored)
        -> 200 {"members": [{"id", "email_address", "status"}, ...], "list_id": list, "total_items": T}
        (no members past the end) | 404 for an audience members.json does not have

Errors come in Mailchimp's shape: {"title": "Resource Not Found", "status": 404, "detail": ...}.

HTTP Basic authentication with any user name and the API key as password (else 401); PUT is
refused (405: it would add a person to an audience). Each request is one JSON line in DIR/log
(method, path, query, body, auth_ok); DIR/force lines "STATUS [RETRY-AFTER]" answer the next
requests. The members are in DIR/members.json: {"LIST": ["e-mail", ...]}; an unsubscribed member's
e-mail is added to the list "unsubscribed" there, and GET shows it as unsubscribed in every audience.

Files a test may add to DIR to make the stand-in misbehave or grow:
  DIR/sticky     delete-permanent still answers 204 but keeps the member. Empty: kept for good. A
                 number N > 0: the member stays for the next N GETs of it (GET .../members/{hash} of
                 that audience) and is removed from members.json right after the N-th, so GET N+1
                 answers 404; "0" removes it at once. The countdowns are in DIR/pending_delete.json
                 {"LIST/HASH": 2}; deleting a member that is already counting down does not restart it.
                 Only GETs of the member count down; the list route shows it until it is gone.
  DIR/generated  A number N: the list route serves, after the members of members.json (which may then
                 be absent), N synthetic members of every audience, member i (0-based) with the e-mail
                 person{i}@example.com, subscribed; only the page asked for is made, so N may be in the
                 millions. GET, PATCH and delete-permanent of them answer 404.

Usage: mailchimp_standin.py DIR KEY   (writes the port it listens on to DIR/port)
"""
import base64
import hashlib
import json
import os
import re
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standin import JsonHandler, forced, number_in, serve  # noqa: E402

DIR, KEY = sys.argv[1], sys.argv[2]
MEMBERS = os.path.join(DIR, "members.json")
PENDING = os.path.join(DIR, "pending_delete.json")
LOCK = threading.Lock()  # requests come on threads; the countdowns read and write files


def subscriber_hash(email):
    return hashlib.md5(email.lower().encode()).hexdigest()


def load_json(path, default):
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return json.load(f)


def save_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f)


def member(members, email):
    return {"id": subscriber_hash(email), "email_address": email,
            "status": "unsubscribed" if email in members.get("unsubscribed", []) else "subscribed"}


class Handler(JsonHandler):
    content_type = "application/problem+json"

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        auth = self.headers.get("Authorization", "")
        auth_ok = auth.startswith("Basic ") and base64.b64decode(auth[6:]).decode().split(":", 1)[1:] == [KEY]
        with LOCK:
            self.handle_locked(url, body, auth_ok)

    def handle_locked(self, url, body, auth_ok):
        self.log_request_line({"method": self.command, "path": url.path, "query": url.query, "body": body,
                              "auth_ok": auth_ok})
        force = forced(DIR)
        if force:
            status, retry_after = force
            self.answer(status, {"title": "Too Many Requests" if status == 429 else "Internal Server Error",
                                 "status": status, "detail": "forced by the test"},
                        [("Retry-After", retry_after)] if retry_after else [])
            return
        if not auth_ok:
            self.answer(401, {"title": "API Key Invalid", "status": 401, "detail": "Your API key may be invalid."})
            return
        if self.command == "PUT":
            self.answer(405, {"title": "Method Not Allowed", "status": 405})
            return
        listing = re.fullmatch(r"/3\.0/lists/([^/]+)/members", url.path)
        if self.command == "GET" and listing:
            self.list_members(listing.group(1), urllib.parse.parse_qs(url.query))
            return
        m = re.fullmatch(r"/3\.0/lists/([^/]+)/members/([0-9a-f]{32})(/actions/delete-permanent)?", url.path)
        if not m:
            self.answer(400, {"title": "Invalid Resource", "status": 400})
            return
        members = self.load_members()
        emails = members.get(m.group(1), [])
        found = [e for e in emails if subscriber_hash(e) == m.group(2)]
        if not found:
            self.answer(404, {"title": "Resource Not Found", "status": 404,
                              "detail": "The requested resource could not be found."})
            return
        if self.command == "GET" and not m.group(3):
            self.answer(200, member(members, found[0]))
            pending = load_json(PENDING, {})
            key = m.group(1) + "/" + m.group(2)
            if key in pending:  # a sticky deletion counting down: this GET was one of its N
                pending[key] -= 1
                if pending[key] <= 0:
                    del pending[key]
                    members[m.group(1)] = [e for e in emails if e not in found]
                    save_json(MEMBERS, members)
                save_json(PENDING, pending)
            return
        if self.command == "PATCH" and not m.group(3) and body == {"status": "unsubscribed"}:
            members.setdefault("unsubscribed", []).append(found[0])
        elif self.command == "POST" and m.group(3) and body is None:
            left, sticky = number_in(DIR, "sticky")
            if not sticky or (left is not None and left <= 0):
                members[m.group(1)] = [e for e in emails if e not in found]
            elif left is not None:
                pending = load_json(PENDING, {})
                pending.setdefault(m.group(1) + "/" + m.group(2), left)
                save_json(PENDING, pending)
        else:
            self.answer(400, {"title": "Invalid Resource", "status": 400})
            return
        save_json(MEMBERS, members)
        self.answer(204 if m.group(3) else 200, None if m.group(3) else {"status": "unsubscribed"})

    def load_members(self):
        if os.path.exists(os.path.join(DIR, "generated")):
            return load_json(MEMBERS, {})  # a benchmark may have generated members only
        with open(MEMBERS) as f:
            return json.load(f)

    def list_members(self, list_id, query):
        try:
            count = int(query.get("count", ["10"])[0])
            offset = int(query.get("offset", ["0"])[0])
        except ValueError:
            count = offset = -1
        if count < 0 or count > 1000 or offset < 0:
            self.answer(400, {"title": "Invalid Resource", "status": 400,
                              "detail": "count must be between 0 and 1000 and offset not negative."})
            return
        members = self.load_members()
        generated = number_in(DIR, "generated")[0] or 0
        if list_id not in members and not generated:
            self.answer(404, {"title": "Resource Not Found", "status": 404,
                              "detail": "The requested resource could not be found."})
            return
        stored = members.get(list_id, [])
        page = [member(members, e) for e in stored[offset:offset + count]]
        first = max(offset - len(stored), 0)  # the first generated member on this page
        for i in range(first, min(first + count - len(page), generated)):
            page.append(member(members, "person%d@example.com" % i))
        self.answer(200, {"members": page, "list_id": list_id, "total_items": len(stored) + generated})

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any


serve(Handler, DIR)
