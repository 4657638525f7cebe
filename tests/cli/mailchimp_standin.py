#!/usr/bin/env python3
"""A stand-in for the parts of Mailchimp's Marketing API 3.0 that gdpr's mailchimp kind uses, for
the tests only. As Mailchimp's reference describes them:

  PATCH /3.0/lists/{list}/members/{md5 of the lower-case e-mail}  {"status": "unsubscribed"} -> 200 | 404
  POST  /3.0/lists/{list}/members/{hash}/actions/delete-permanent                         -> 204 | 404

HTTP Basic authentication with any user name and the API key as password (else 401); PUT is
refused (405: it would add a person to an audience). Each request is one JSON line in DIR/log
(method, path, query, body, auth_ok); DIR/force lines "STATUS [RETRY-AFTER]" answer the next
requests. The members are in DIR/members.json: {"LIST": ["e-mail", ...]}.

Usage: mailchimp_standin.py DIR KEY   (writes the port it listens on to DIR/port)
"""
import base64
import hashlib
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standin import JsonHandler, forced, serve  # noqa: E402

DIR, KEY = sys.argv[1], sys.argv[2]
MEMBERS = os.path.join(DIR, "members.json")


class Handler(JsonHandler):
    content_type = "application/problem+json"

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        auth = self.headers.get("Authorization", "")
        auth_ok = auth.startswith("Basic ") and base64.b64decode(auth[6:]).decode().split(":", 1)[1:] == [KEY]
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
        m = re.fullmatch(r"/3\.0/lists/([^/]+)/members/([0-9a-f]{32})(/actions/delete-permanent)?", url.path)
        if not m:
            self.answer(400, {"title": "Invalid Resource", "status": 400})
            return
        with open(MEMBERS) as f:
            members = json.load(f)
        emails = members.get(m.group(1), [])
        found = [e for e in emails if hashlib.md5(e.lower().encode()).hexdigest() == m.group(2)]
        if not found:
            self.answer(404, {"title": "Resource Not Found", "status": 404,
                              "detail": "The requested resource could not be found."})
            return
        if self.command == "PATCH" and not m.group(3) and body == {"status": "unsubscribed"}:
            members.setdefault("unsubscribed", []).append(found[0])
        elif self.command == "POST" and m.group(3) and body is None:
            members[m.group(1)] = [e for e in emails if e not in found]
        else:
            self.answer(400, {"title": "Invalid Resource", "status": 400})
            return
        with open(MEMBERS, "w") as f:
            json.dump(members, f)
        self.answer(204 if m.group(3) else 200, None if m.group(3) else {"status": "unsubscribed"})

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any


serve(Handler, DIR)
