#!/usr/bin/env python3
"""Creating and submitting submissions one after another over one keep-alive connection, as a team
member through the JSON API (session cookie + X-CSRF-Token, as the site's own scripts would send).
Opens a fresh call first, as staff. Prints p50/p99 of each step and of the whole sequence.
Usage: create_submit.py PORT STAFF_SESSION CSRF [COUNT]"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

port, staff_session, csrf = int(sys.argv[1]), sys.argv[2], sys.argv[3]
count = int(sys.argv[4]) if len(sys.argv) > 4 else 300
conn = http.client.HTTPConnection("127.0.0.1", port)


def request(method, path, session, body=None, form=None):
    headers = {"Cookie": f"sweetspot_csrf={csrf}" + (f"; sweetspot_session={session}" if session else ""),
               "X-CSRF-Token": csrf}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(form)
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    return response.status, response.getheaders(), response.read()


def expect(result, wanted, what):
    status, _, text = result
    if status not in wanted:
        sys.exit(f"{what}: HTTP {status}: {text[:300]!r}")
    return json.loads(text) if text.startswith(b"{") else None


now = datetime.now(timezone.utc)
slug = f"bench-{int(time.time())}"
calls = "/api/v1/t/opsi/programmes/incubator-2024/calls"
expect(request("POST", calls, staff_session, {
    "kind": "challenge", "slug": slug, "title": "Bench call", "description": "", "eligibility": "",
    "opens_at": (now - timedelta(days=1)).isoformat(), "closes_at": (now + timedelta(days=30)).isoformat()}),
    (201,), "open a call")
call = expect(request("POST", f"{calls}/{slug}/questions", staff_session, {
    "section": "The problem", "label": "Who is affected?", "help": "", "kind": "long_text",
    "required": True, "word_limit": 200, "options": []}), (201,), "add a question")
question = call["questions"][0]["id"]

status, headers, text = request("POST", "/login", None, form={
    "email": "team.brazil@demo.example", "password": "sweetspot-demo-2024", "csrf_token": csrf})
if status != 303:
    sys.exit(f"team sign-in: HTTP {status}")
session = next(v.split(";")[0].split("=", 1)[1] for k, v in headers
               if k.lower() == "set-cookie" and v.startswith("sweetspot_session="))
me = expect(request("GET", "/api/v1/t/opsi/organisations", session), (200,), "organisations")
organisation = me["items"][0]["id"]

summary = " ".join(["Residents of urban peripheries take part far less in digital consultations."] * 12)
steps = {"create": [], "fill": [], "submit": [], "create + fill + submit": []}
for n in range(count):
    started = time.perf_counter()
    created = expect(request("POST", f"{calls}/{slug}/submissions", session, {"organisation": organisation}),
                     (201,), "create")
    after_create = time.perf_counter()
    filled = expect(request("PATCH", f"/api/v1/t/opsi/submissions/{created['id']}", session, {
        "version": created["version"], "title": f"Participation beyond the centre {n}", "summary": summary,
        "answers": {question: "Low-income residents of the peripheries."}}), (200,), "fill")
    after_fill = time.perf_counter()
    expect(request("POST", f"/api/v1/t/opsi/submissions/{created['id']}/submit", session,
                   {"version": filled["version"]}), (200,), "submit")
    done = time.perf_counter()
    steps["create"].append(after_create - started)
    steps["fill"].append(after_fill - after_create)
    steps["submit"].append(done - after_fill)
    steps["create + fill + submit"].append(done - started)

for name, times in steps.items():
    times.sort()
    p50 = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    print(f"{name:<38} {count:>5} runs  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
