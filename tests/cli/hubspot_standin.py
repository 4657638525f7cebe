#!/usr/bin/env python3
"""A stand-in for the parts of HubSpot's API that gdpr's hubspot kind uses, for the tests only
(they never reach the internet). It checks what HubSpot's API reference asks of a request and
answers as HubSpot does:

  PATCH /crm/objects/{v}/contacts/{id}[?idProperty=email]   {"properties": {...}}  -> 200 | 404
  POST  /communication-preferences/{v}/statuses/{email}/unsubscribe-all?channel=EMAIL -> 200
  POST  /crm/objects/{v}/contacts/gdpr-delete  {"objectId": ..., ["idProperty": "email"]}
        -> 204 (an unknown e-mail too: HubSpot blocklists it) | 404 (an unknown record id)
  GET   /crm/objects/{v}/contacts?limit=N&properties=a,b&after=CURSOR
        -> 200 {"results": [{"id", "properties": {...}}], "paging": {"next": {"after"}}} (no paging on
        the last page); a property a contact lacks is null; hs_object_id is the record id. DIR/page_size
        may hold a smaller page size than `limit` (to test paging with a few contacts).
  GET   /crm/properties/{v}/contacts -> 200 {"results": [{"name": ...}, ...]} (DIR/properties.json, or
        email, firstname, lastname, hs_object_id)

with {v} = 2026-09 (and /crm/v3/..., /communication-preferences/v4/... for api_version "v3").
Every request needs `Authorization: Bearer TOKEN` (else 401) and JSON bodies
`Content-Type: application/json` (else 415). Each request is logged as one JSON line
(method, path, query, body, auth_ok) in DIR/log; DIR/force may hold lines "STATUS [RETRY-AFTER]",
each answering (and consumed by) the next request instead. The contacts are in DIR/contacts.json:
[{"id": "501", "email": "max@example.com", "properties": {}}]; they change as HubSpot's would.

Usage: hubspot_standin.py DIR TOKEN   (writes the port it listens on to DIR/port)
"""
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standin import JsonHandler, forced, serve  # noqa: E402

DIR, TOKEN = sys.argv[1], sys.argv[2]
CONTACTS = os.path.join(DIR, "contacts.json")


def load():
    with open(CONTACTS) as f:
        return json.load(f)


def save(contacts):
    with open(CONTACTS, "w") as f:
        json.dump(contacts, f)


class Handler(JsonHandler):
    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        auth_ok = self.headers.get("Authorization") == "Bearer " + TOKEN
        self.log_request_line({"method": self.command, "path": urllib.parse.unquote(url.path), "query": query,
                              "body": body, "auth_ok": auth_ok})
        force = forced(DIR)
        if force:
            status, retry_after = force
            self.answer(status, {"status": "error", "category": "RATE_LIMITS" if status == 429 else "INTERNAL_ERROR",
                                 "message": "forced by the test"},
                        [("Retry-After", retry_after)] if retry_after else [])
            return
        if not auth_ok:
            self.answer(401, {"status": "error", "category": "INVALID_AUTHENTICATION",
                              "message": "Authentication credentials not found."})
            return
        if raw and self.headers.get("Content-Type") != "application/json":
            self.answer(415, {"status": "error", "category": "VALIDATION_ERROR"})
            return
        m = re.fullmatch(r"/crm/(?:objects/2026-09|v3/objects)/contacts/(.+)", urllib.parse.unquote(url.path))
        contacts = load()
        if self.command == "GET" and re.fullmatch(r"/crm/(?:objects/2026-09|v3/objects)/contacts", url.path):
            self.list_contacts(contacts, query)
            return
        if self.command == "GET" and re.fullmatch(r"/crm/(?:properties/2026-09|v3/properties)/contacts", url.path):
            path = os.path.join(DIR, "properties.json")
            names = json.load(open(path)) if os.path.exists(path) else ["email", "firstname", "lastname", "hs_object_id"]
            self.answer(200, {"results": [{"name": n, "label": n.title(), "type": "string"} for n in names]})
            return
        if self.command == "POST" and m and m.group(1) == "gdpr-delete":
            by_email = body.get("idProperty") == "email"
            key = "email" if by_email else "id"
            found = [c for c in contacts if c.get(key) == str(body["objectId"])]
            save([c for c in contacts if c not in found])
            self.answer(204 if found or by_email else 404, None if found or by_email else
                        {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "not found"})
            return
        if self.command == "PATCH" and m:
            key = "email" if query.get("idProperty") == "email" else "id"
            found = [c for c in contacts if c.get(key) == m.group(1)]
            if not found or not isinstance(body, dict) or not isinstance(body.get("properties"), dict):
                self.answer(404 if not found else 400, {"status": "error", "category": "OBJECT_NOT_FOUND",
                                                        "message": "resource not found: " + m.group(1)})
                return
            found[0].setdefault("properties", {}).update(body["properties"])
            save(contacts)
            self.answer(200, {"id": found[0]["id"], "properties": found[0]["properties"]})
            return
        u = re.fullmatch(r"/communication-preferences/(?:2026-09|v4)/statuses/(.+)/unsubscribe-all",
                         urllib.parse.unquote(url.path))
        if self.command == "POST" and u and query.get("channel") == "EMAIL":
            for c in contacts:
                if c.get("email") == u.group(1):
                    c["unsubscribed_all"] = True
            save(contacts)
            self.answer(200, {"results": []})
            return
        self.answer(400, {"status": "error", "category": "VALIDATION_ERROR", "message": "unexpected request"})

    def list_contacts(self, contacts, query):
        limit = int(query.get("limit", "10"))
        if limit < 1 or limit > 100 or query.get("archived", "false") != "false":
            self.answer(400, {"status": "error", "category": "VALIDATION_ERROR", "message": "bad limit"})
            return
        size_file = os.path.join(DIR, "page_size")
        if os.path.exists(size_file):
            limit = min(limit, int(open(size_file).read()))
        start = int(query["after"][len("cur"):]) if "after" in query else 0
        wanted = [p for p in query.get("properties", "email,firstname,lastname").split(",") if p]
        results = []
        for c in contacts[start:start + limit]:
            props = {}
            for p in wanted:
                if p == "hs_object_id":
                    props[p] = c["id"]
                elif p == "email":
                    props[p] = c.get("email")
                else:
                    props[p] = c.get("properties", {}).get(p)
            results.append({"id": c["id"], "properties": props, "archived": False})
        page = {"results": results}
        if start + limit < len(contacts):
            page["paging"] = {"next": {"after": "cur%d" % (start + limit), "link": "?after=cur%d" % (start + limit)}}
        self.answer(200, page)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any


serve(Handler, DIR)
