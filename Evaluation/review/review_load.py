#!/usr/bin/env python3
"""Lookups while reviewers change the memory: `kakehashi serve` on loopback, measured twice.

Starts the server itself (127.0.0.1, a free port, a users file of four reviewers), then:

1. --clients clients doing fuzzy lookups for --seconds, alone: their p50 and p99;
2. the same clients beside --reviewers reviewers making --rate changes per second between them
   (each reads a random unit, then PATCHes it with If-Match: an edit of its English side, an
   approval, a note or a relabel),
   for --seconds;
3. every change the reviewers were told was made is looked for in the changes feed
   (GET /api/v1/changes) and in its unit's history: none may be missing.

A SQLite memory is served from a copy; a PostgreSQL one (postgres://…) is changed in place. The
lookups are the memory's own English sentences with one word changed, and a few fixed ones.
Everything stays on loopback and is bounded in count and time. Prints one JSON object on stdout.

    python3 Evaluation/review/review_load.py --kakehashi .build/release/kakehashi \
        --memory path/to/memory.sqlite --seconds 30
"""
import argparse, http.client, json, os, random, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.parse

FIXED = [
    "The two leaders agreed to resume talks next month.",
    "Prices rose sharply in the third quarter of the year.",
    "両首脳は来月に協議を再開することで合意した。",
]


def call(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection: (status, seconds, headers, body)."""
    start = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        return r.status, time.perf_counter() - start, dict(r.getheaders()), data
    except Exception:
        return 0, time.perf_counter() - start, {}, b""
    finally:
        c.close()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else 0


def summary(runs):
    times = [t for _, t in runs]
    return {"requests": len(runs), "failed": sum(1 for status, _ in runs if status != 200),
            "p50_ms": round(percentile(times, 50) * 1000, 2), "p99_ms": round(percentile(times, 99) * 1000, 2)}


def lookup_clients(port, n, seconds, queries, runs):
    stop = time.perf_counter() + seconds

    def client(k):
        rng = random.Random(k)
        while time.perf_counter() < stop:
            text = rng.choice(queries)
            status, t, _, _ = call(port, "GET", "/api/v1/lookup?mode=fuzzy&q=" + urllib.parse.quote(text, safe=""),
                                   timeout=10)
            runs.append((status, t))

    return [threading.Thread(target=client, args=(k,)) for k in range(n)]


def reviewer_clients(port, tokens, rate, seconds, units, made, refused):
    """Each reviewer paces rate/len(tokens) changes a second: GET a random unit, PATCH it."""
    stop = time.perf_counter() + seconds
    interval = len(tokens) / rate

    def reviewer(k, token):
        rng = random.Random(1000 + k)
        auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        next_at = time.perf_counter()
        while time.perf_counter() < stop:
            next_at += interval
            unit = rng.randint(1, units)
            status, _, headers, body = call(port, "GET", f"/api/v1/units/{unit}")
            if status == 200:
                english = [v["text"] for v in json.loads(body)["variants"] if v["lang"].startswith("en")][0]
                # An edit of the English side (its keys, index entries and postings follow), an
                # approval, a note or a relabel.
                edited = english[:-len(" (checked)")] if english.endswith(" (checked)") else english + " (checked)"
                change = rng.choice([{"en": edited}, {"status": "approved"}, {"note": f"checked by reviewer {k}"},
                                     {"relation": rng.choice(["translation", "partial", "related"])}])
                auth["If-Match"] = headers.get("ETag") or headers.get("etag", "")
                status, _, _, body = call(port, "PATCH", f"/api/v1/units/{unit}", json.dumps(change).encode(), auth)
                if status == 200:
                    made.append((unit, json.loads(body)["version"], f"reviewer{k}"))
                else:
                    refused[status] = refused.get(status, 0) + 1
            time.sleep(max(0, next_at - time.perf_counter()))

    return [threading.Thread(target=reviewer, args=(k, t)) for k, t in enumerate(tokens)]


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--kakehashi", required=True)
    a.add_argument("--memory", required=True, help="a SQLite file (served from a copy) or a postgres:// URL")
    a.add_argument("--seconds", type=float, default=30)
    a.add_argument("--clients", type=int, default=16)
    a.add_argument("--reviewers", type=int, default=4)
    a.add_argument("--rate", type=float, default=10, help="changes per second, all reviewers together")
    a.add_argument("--lexicon", help="passed to serve (default: its own default lexicon)")
    args = a.parse_args()
    if args.seconds > 120 or args.clients > 64 or args.rate > 100:
        sys.exit("bounded: --seconds ≤ 120, --clients ≤ 64, --rate ≤ 100")

    folder = tempfile.mkdtemp(prefix="kk-review-load-")
    try:
        memory = args.memory
        if not memory.startswith("postgres"):
            memory = os.path.join(folder, "memory.sqlite")
            shutil.copyfile(args.memory, memory)
        users = os.path.join(folder, "users")
        tokens = [subprocess.run([args.kakehashi, "users", "add", f"reviewer{k}", "--role", "reviewer", "--users", users],
                                 check=True, capture_output=True, text=True).stdout.strip() for k in range(args.reviewers)]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        command = [args.kakehashi, "serve", "--memory", memory, "--port", str(port), "--users", users]
        if args.lexicon:
            command += ["--lexicon", args.lexicon]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "serve.log"), "w"))
        try:
            for _ in range(1200):
                if call(port, "GET", "/healthz", timeout=1)[0] == 200:
                    break
                time.sleep(0.1)
            units = json.loads(call(port, "GET", "/api/v1/stats")[3])["units"]
            report = {"memory": "postgresql" if memory.startswith("postgres") else "sqlite", "units": units,
                      "seconds": args.seconds, "clients": args.clients, "reviewers": args.reviewers, "rate": args.rate}
            # The memory's own sentences with one word changed: fuzzy matches that exist.
            rng = random.Random(7)
            queries = list(FIXED)
            while len(queries) < 60:
                status, _, _, body = call(port, "GET", f"/api/v1/units/{rng.randint(1, units)}")
                if status != 200:
                    continue
                english = [v["text"] for v in json.loads(body)["variants"] if v["lang"].startswith("en")]
                words = english[0].split() if english else []
                if len(words) >= 6:
                    words[rng.randrange(len(words))] = "different"
                    queries.append(" ".join(words))
            latest_before = json.loads(call(port, "GET", "/api/v1/changes?since=0&limit=1")[3])["latest"]

            alone = []
            for t in lookup_clients(port, args.clients, args.seconds, queries, alone):
                t.start()
            for t in threading.enumerate():
                if t is not threading.main_thread():
                    t.join()
            report["lookups_alone"] = summary(alone)

            busy, made, refused = [], [], {}
            threads = lookup_clients(port, args.clients, args.seconds, queries, busy)
            threads += reviewer_clients(port, tokens, args.rate, args.seconds, units, made, refused)
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            report["lookups_with_reviewers"] = summary(busy)
            report["p99_ratio"] = round(report["lookups_with_reviewers"]["p99_ms"] / max(0.001, report["lookups_alone"]["p99_ms"]), 2)
            report["p50_ratio"] = round(report["lookups_with_reviewers"]["p50_ms"] / max(0.001, report["lookups_alone"]["p50_ms"]), 2)
            report["changes_made"] = len(made)
            report["changes_per_second"] = round(len(made) / args.seconds, 2)
            report["changes_refused"] = refused

            # Every change made is in the feed, and in its unit's history.
            feed, since = set(), latest_before
            while True:
                page = json.loads(call(port, "GET", f"/api/v1/changes?since={since}&limit=1000")[3])
                for c in page["changes"]:
                    feed.add((c["unit"], c["version"], c["user"]))
                if not page["changes"]:
                    break
                since = page["changes"][-1]["seq"]
            report["changes_missing_from_feed"] = sum(1 for m in made if m not in feed)
            missing_history = 0
            for unit, version, user in made[:200]:
                history = json.loads(call(port, "GET", f"/api/v1/units/{unit}/history")[3])
                if not any(h["version"] == version and h["user"] == user for h in history):
                    missing_history += 1
            report["changes_missing_from_history_of_first_200"] = missing_history
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        print(json.dumps(report, indent=1))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
