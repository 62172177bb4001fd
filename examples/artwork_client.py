#!/usr/bin/env python3
"""Scripted artwork client: a listener who likes artwork A at night on a tv and artwork B in
the morning on a phone. It asks the shipped `artwork` placement for decisions in both
contexts, rewards 1 when the service chose the liked artwork and 0 otherwise, and prints how
often the service chose right in the last 1,000 decisions of each context.

Usage: examples/artwork_client.py [BASE_URL] [ROUNDS_PER_CONTEXT]
Only the standard library is used; BASE_URL defaults to http://127.0.0.1:8080.
"""
import json
import sys
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
CONTEXTS = {
    # 01:30 in London in December: night, on a tv; artwork A is liked.
    "night/tv": ({"timestamp": "2026-12-04T01:30:00Z", "timeZone": "Europe/London",
                  "device": "tv"}, "long-weekend-romance"),
    # 08:15 in New York: morning, on a phone; artwork B is liked.
    "morning/phone": ({"timestamp": "2026-12-04T13:15:00Z", "timeZone": "America/New_York",
                       "device": "phone"}, "long-weekend-ensemble"),
}


def post(path, body):
    request = urllib.request.Request(
        BASE + path, data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b"{}")


hits = {name: [] for name in CONTEXTS}
for _ in range(ROUNDS):
    for name, (context, liked) in CONTEXTS.items():
        decision = post("/v1/placements/artwork/decisions", {"context": context})
        chosen = decision["choices"][0]["armId"]
        post("/v1/rewards", {"eventId": decision["eventId"], "value": 1 if chosen == liked else 0})
        hits[name].append(chosen == liked)

for name, (_, liked) in CONTEXTS.items():
    last = hits[name][-1000:]
    print(f"{name}: chose {liked} in {sum(last)} of the last {len(last)} decisions "
          f"({100.0 * sum(last) / len(last):.1f}%)")
