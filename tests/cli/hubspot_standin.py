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
  GET   /crm/objects/{v}/contacts/{id}[?idProperty=email][&properties=a,b]
        -> 200 {"id", "properties": {"email", "firstname", "lastname", "hs_object_id", the contact's own
        and the asked-for ones (null if it lacks them)}, "archived": false}
        | 404 {"status": "error", "category": "OBJECT_NOT_FOUND", "message": ...}

with {v} = 2026-09 (and /crm/v3/..., /communication-preferences/v4/... for api_version "v3").
Every request needs `Authorization: Bearer TOKEN` (else 401) and JSON bodies
`Content-Type: application/json` (else 415). Each request is logged as one JSON line
(method, path, query, body, auth_ok) in DIR/log; DIR/force may hold lines "STATUS [RETRY-AFTER]",
each answering (and consumed by) the next request instead. The contacts are in DIR/contacts.json:
[{"id": "501", "email": "max@example.com", "properties": {}}]; they change as HubSpot's would.

Files a test may add to DIR to make the stand-in misbehave or grow:
  DIR/sticky     gdpr-delete still answers 204 but keeps the contact. Empty: kept for good (a system
                 that says it deleted but did not). A number N > 0: the contact stays for the next N
                 GETs of that record (GET /crm/objects/{v}/contacts/{id or e-mail}) and is removed from
                 contacts.json right after the N-th, so GET N+1 answers 404 (a deletion that takes a
                 moment to show); "0" removes it at once. The countdowns are in DIR/pending_delete.json
                 {"501": 2}; deleting a contact that is already counting down does not restart it.
                 Only GETs of the record count down; the list route shows the contact until it is gone.
  DIR/generated  A number N: the list route serves, after the contacts of contacts.json (which may then
                 be absent), N synthetic contacts, contact i (0-based) with id str(1000000 + i) and
                 e-mail person{i}@example.com and no other properties; only the page asked for is made,
                 so N may be in the millions. GET, PATCH and gdpr-delete by record id answer 404 for them.

Usage: hubspot_standin.py DIR TOKEN   (writes the port it listens on to DIR/port)
"""
import json
import os
import re
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standin import JsonHandler, forced, number_in, serve  # noqa: E402

DIR, TOKEN = sys.argv[1], sys.argv[2]
CONTACTS = os.path.join(DIR, "contacts.json")
PENDING = os.path.join(DIR, "pending_delete.json")
LOCK = threading.Lock()  # requests come on threads; the countdowns read and write files


def load():
    if not os.path.exists(CONTACTS) and os.path.exists(os.path.join(DIR, "generated")):
        return []  # a benchmark of generated contacts only
    with open(CONTACTS) as f:
        return json.load(f)


def load_pending():
    if not os.path.exists(PENDING):
        return {}
    with open(PENDING) as f:
        return json.load(f)


def save_pending(pending):
    with open(PENDING, "w") as f:
        json.dump(pending, f)


def properties_of(c, wanted):
    props = {}
    for p in wanted:
        if p == "hs_object_id":
            props[p] = c["id"]
        elif p == "email":
            props[p] = c.get("email")
        else:
            props[p] = c.get("properties", {}).get(p)
    return props


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
        with LOCK:
            self.handle_locked(url, query, raw, body, auth_ok)

    def handle_locked(self, url, query, raw, body, auth_ok):
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
        if self.command == "GET" and m and m.group(1) != "gdpr-delete" and "/" not in m.group(1):
            self.get_contact(contacts, m.group(1), query)
            return
        if self.command == "POST" and m and m.group(1) == "gdpr-delete":
            by_email = body.get("idProperty") == "email"
            key = "email" if by_email else "id"
            found = [c for c in contacts if c.get(key) == str(body["objectId"])]
            left, sticky = number_in(DIR, "sticky")
            if not sticky or (left is not None and left <= 0):
                save([c for c in contacts if c not in found])
            elif left is not None and found:
                pending = load_pending()
                for c in found:
                    pending.setdefault(c["id"], left)
                save_pending(pending)
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

    def get_contact(self, contacts, wanted_id, query):
        key = "email" if query.get("idProperty") == "email" else "id"
        found = [c for c in contacts if c.get(key) == wanted_id]
        if not found:
            self.answer(404, {"status": "error", "category": "OBJECT_NOT_FOUND",
                              "message": "Object not found.  objectId are usually numeric."})
            return
        c = found[0]
        wanted = ["email", "firstname", "lastname", "hs_object_id"]
        wanted += [p for p in list(c.get("properties", {})) + query.get("properties", "").split(",")
                   if p and p not in wanted]
        self.answer(200, {"id": c["id"], "properties": properties_of(c, wanted), "archived": False})
        pending = load_pending()
        if c["id"] in pending:  # a sticky deletion counting down: this GET was one of its N
            pending[c["id"]] -= 1
            if pending[c["id"]] <= 0:
                del pending[c["id"]]
                save([x for x in contacts if x["id"] != c["id"]])
            save_pending(pending)

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
        generated = number_in(DIR, "generated")[0] or 0
        page_of = contacts[start:start + limit]
        first = max(start - len(contacts), 0)  # the first generated contact on this page
        for i in range(first, min(first + limit - len(page_of), generated)):
            page_of.append({"id": str(1000000 + i), "email": "person%d@example.com" % i})
        results = [{"id": c["id"], "properties": properties_of(c, wanted), "archived": False} for c in page_of]
        page = {"results": results}
        if start + limit < len(contacts) + generated:
            page["paging"] = {"next": {"after": "cur%d" % (start + limit), "link": "?after=cur%d" % (start + limit)}}
        self.answer(200, page)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any


serve(Handler, DIR)
