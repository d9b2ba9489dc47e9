#!/usr/bin/env python3
"""Replays hostile traffic against `kakehashi serve` on loopback and reports what it cost.

Starts the server itself (on 127.0.0.1, a free port, a private token file), then:

1. every hostile request shape alone, timed (the server's time for one request);
2. 8 clients doing ordinary fuzzy lookups for --seconds, alone: their p50 and p99;
3. the same 8 beside 8 hostile clients cycling through every shape for --seconds;
4. a connection that sends part of its head: how long until the server closes it.

While 2 and 3 run it samples the server's peak RSS, its open connections and the files in its
temporary folder. Everything stays on loopback and is bounded in count and time. Prints one JSON
object on stdout.

    python3 Evaluation/hostile/hostile_traffic.py --kakehashi .build/release/kakehashi \
        --memory path/to/memory.sqlite --seconds 30
"""
import argparse, glob, http.client, json, os, random, socket, subprocess, sys, tempfile, threading, time, urllib.parse

ORDINARY = [
    "The two leaders agreed to resume talks next month.",
    "Prices rose sharply in the third quarter of the year.",
    "The government announced new measures to support small businesses.",
    "両首脳は来月に協議を再開することで合意した。",
    "政府は中小企業を支援する新たな対策を発表した。",
    "The central bank kept its key interest rate unchanged.",
]


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection: (status, seconds, bytes)."""
    start = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        return r.status, time.perf_counter() - start, len(data)
    except Exception as e:  # a refused or cut request counts as status 0
        return 0, time.perf_counter() - start, 0
    finally:
        c.close()


def q(text):
    return urllib.parse.quote(text, safe="")


def hostile_shapes(port, token):
    """Each shape: (name, function returning (status, seconds))."""
    auth = {"Authorization": "Bearer " + token}
    attrs_tmx = ('<?xml version="1.0"?><tmx version="1.4"><header srclang="en" '
                 + " ".join(f'a{k}="v"' for k in range(40000)) + '/><body/></tmx>').encode()
    attrs_html = ("<html><body><p " + " ".join(f"a{k}=v" for k in range(200000)) + ">x</p></body></html>").encode()
    boundary = "a" * 70
    near = ("\r\n--" + "a" * 69 + "b") * 20000
    multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=f; filename=\"a.en.txt\"\r\n\r\n{near}\r\n"
                 f"--{boundary}--\r\n").encode()
    many_parts = ("".join(f"--b\r\nContent-Disposition: form-data; name=f; filename=\"{k}.txt\"\r\n\r\nx\r\n"
                          for k in range(10001)) + "--b--\r\n").encode()
    shapes = [
        ("deep concordance page", lambda: request(port, "GET", "/api/v1/concordance?q=the&limit=100&page=1000")),
        ("deepest allowed page", lambda: request(port, "GET", "/api/v1/concordance?q=the&limit=100&page=10")),
        ("common-word concordance", lambda: request(port, "GET", "/api/v1/concordance?q=the%20of&limit=100")),
        ("mixed-script lookup", lambda: request(port, "GET", "/api/v1/lookup?q=" + q("会談 the") + "&mode=all&limit=100")),
        ("mixed-script amaGama", lambda: request(port, "GET", "/tmserver/ja/en/unit/" + q("会談 the") + "?max_candidates=1000&min_similarity=0")),
        ("long fuzzy lookup", lambda: request(port, "GET", "/api/v1/lookup?q=" + q(" ".join(["the of and to in"] * 60)) + "&min_score=0&limit=100")),
        ("TMX with 40k attributes", lambda: request(port, "POST", "/api/v1/import", attrs_tmx, dict(auth, **{"Content-Type": "application/xml"}))),
        ("HTML with 200k attributes", lambda: request(port, "POST", "/api/v1/ingest?name=a.en.html", attrs_html, dict(auth, **{"Content-Type": "text/plain"}))),
        ("multipart near-miss boundary", lambda: request(port, "POST", "/api/v1/ingest", multipart, dict(auth, **{"Content-Type": f"multipart/form-data; boundary={boundary}"}))),
        ("multipart 10,001 parts", lambda: request(port, "POST", "/api/v1/ingest", many_parts, dict(auth, **{"Content-Type": "multipart/form-data; boundary=b"}))),
        ("oversized body", lambda: request(port, "POST", "/api/v1/import", b"x" * (10 << 20), dict(auth, **{"Content-Type": "application/xml"}))),
        ("stats", lambda: request(port, "GET", "/api/v1/stats")),
        ("metrics", lambda: request(port, "GET", "/metrics")),
        ("HEAD /memory.tmx", lambda: request(port, "HEAD", "/memory.tmx")),
        ("foreign Host", lambda: request(port, "GET", "/api/v1/stats", headers={"Host": "attacker.example"})),
        # The review routes (issue 29): anonymous reads of a unit's context, history, the queue at
        # its deepest and the changes feed; changes without a token, with 10 MB or invalid UTF-8,
        # and a bulk preview whose pattern backtracks without end (ICU's time limit stops it).
        ("unit context", lambda: request(port, "GET", "/api/v1/units/1/context")),
        ("unit history", lambda: request(port, "GET", "/api/v1/units/1/history")),
        ("deepest review queue page", lambda: request(port, "GET", "/api/v1/review/queue?status=imported&offset=10000&limit=100")),
        ("changes feed", lambda: request(port, "GET", "/api/v1/changes?since=0&limit=1000")),
        ("change without a token", lambda: request(port, "PATCH", "/api/v1/units/1", b'{"status":"approved"}', {"If-Match": '"u1-v1"', "Content-Type": "application/json"})),
        ("10 MB change", lambda: request(port, "PATCH", "/api/v1/units/1", b'{"note":"' + b"x" * (10 << 20) + b'"}', dict(auth, **{"If-Match": '"u1-v1"', "Content-Type": "application/json"}))),
        ("invalid UTF-8 change", lambda: request(port, "PATCH", "/api/v1/units/1", b'{"en":"\xff\xfe"}', dict(auth, **{"If-Match": '"u1-v1"', "Content-Type": "application/json"}))),
        ("backtracking bulk pattern", lambda: request(port, "POST", "/api/v1/bulk", json.dumps({"filter": {"status": "imported,aligned", "max_confidence": 0.99}, "action": "replace", "language": "en", "pattern": "(\\w+\\s?)+$!", "replacement": "", "dry_run": True}).encode(), dict(auth, **{"Content-Type": "application/json"}))),
    ]
    return shapes


def slow_header(port, hold):
    """Sends a partial head a byte at a time; returns seconds until the server closes (or hold)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(0.2)
    start = time.perf_counter()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
    while time.perf_counter() - start < hold:
        try:
            s.sendall(b"a")
            if s.recv(1) == b"":
                break
        except socket.timeout:
            continue
        except OSError:
            break
    s.close()
    return time.perf_counter() - start


def stalled_reader(port, hold):
    """Asks for /memory.tmx, reads 1 KB, then stops reading for `hold` seconds."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /memory.tmx HTTP/1.1\r\nHost: localhost\r\n\r\n")
    s.settimeout(hold)
    try:
        s.recv(1024)
        time.sleep(hold)
    except OSError:
        pass
    s.close()


class Sampler(threading.Thread):
    """Samples the server's peak RSS, its open TCP connections and its temporary files."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.stop, self.connections, self.files = pid, False, 0, 0

    def run(self):
        while not self.stop:
            try:
                fds = os.listdir(f"/proc/{self.pid}/fd")
                sockets = sum(1 for f in fds if os.readlink(f"/proc/{self.pid}/fd/{f}").startswith("socket:"))
                self.connections = max(self.connections, sockets)
                self.files = max(self.files, len(temporary_files()))
            except OSError:
                pass
            time.sleep(0.2)

    def peak_rss_mb(self):
        for line in open(f"/proc/{self.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0


def temporary_files():
    """The server's temporary files: in its private folder, or (releases before it) loose in the
    temporary folder."""
    top = tempfile.gettempdir()
    return glob.glob(os.path.join(top, "kakehashi-serve-*", "*")) + [
        f for pattern in ("kakehashi-export-*", "kakehashi-import-*", "kakehashi-ingest-*")
        for f in glob.glob(os.path.join(top, pattern))]


def summary(runs):
    """Requests, how many failed (an error status, a timeout or a cut connection), and the p50 and
    p99 of all of them, failures counted at the time they took."""
    times = [t for _, t in runs]
    return {"requests": len(runs), "failed": sum(1 for status, _ in runs if status != 200),
            "p50_ms": round(percentile(times, 50) * 1000, 1), "p99_ms": round(percentile(times, 99) * 1000, 1)}


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else 0


def ordinary_clients(port, n, seconds, times):
    """`n` clients looking up ordinary sentences for `seconds`; `times` gets (status, seconds) of each."""
    stop = time.perf_counter() + seconds

    def client():
        rng = random.Random()
        while time.perf_counter() < stop:
            text = rng.choice(ORDINARY)
            status, t, _ = request(port, "GET", "/api/v1/lookup?mode=fuzzy&q=" + q(text), timeout=10)
            times.append((status, t))

    threads = [threading.Thread(target=client) for _ in range(n)]
    return threads


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--kakehashi", required=True)
    a.add_argument("--memory", required=True)
    a.add_argument("--seconds", type=float, default=30)
    a.add_argument("--clients", type=int, default=8)
    a.add_argument("--max-connections", type=int, help="passed to serve (default: its own)")
    a.add_argument("--lexicon", help="passed to serve (default: its own default lexicon)")
    args = a.parse_args()
    if args.seconds > 120:
        sys.exit("--seconds is at most 120")

    folder = tempfile.mkdtemp(prefix="kk-hostile-")
    token = "hostile-" + os.urandom(12).hex()
    token_file = os.path.join(folder, "token")
    with open(os.open(token_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
        f.write(token + "\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The server writes (hostile uploads are ingested when they can be): it serves a copy.
    memory = os.path.join(folder, "memory.sqlite")
    subprocess.run(["cp", args.memory, memory], check=True)
    command = [args.kakehashi, "serve", "--memory", memory, "--port", str(port), "--token-file", token_file,
               "--max-body-megabytes", "8"]
    if args.max_connections:
        command += ["--max-connections", str(args.max_connections)]
    if args.lexicon:
        command += ["--lexicon", args.lexicon]
    server = subprocess.Popen(command,
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "serve.log"), "w"))
    try:
        for _ in range(600):
            if request(port, "GET", "/healthz", timeout=1)[0] == 200:
                break
            time.sleep(0.1)
        report = {"port": port, "seconds": args.seconds, "clients": args.clients}
        # The memory's size, as the server counts it.
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("GET", "/api/v1/stats")
        report["units"] = json.loads(c.getresponse().read())["units"]
        c.close()

        shapes = hostile_shapes(port, token)
        alone = {}
        for name, shape in shapes:
            # The first run may write what later ones share (the TMX feed, the counts): both are shown.
            runs = [shape() for _ in range(3)]
            alone[name] = {"status": runs[-1][0], "ms_first": round(runs[0][1] * 1000, 1),
                           "ms_later": round(max(r[1] for r in runs[1:]) * 1000, 1)}
        report["alone"] = alone

        sampler = Sampler(server.pid)
        sampler.start()
        quiet = []
        for t in ordinary_clients(port, args.clients, args.seconds, quiet):
            t.start()
        for t in threading.enumerate():
            if t not in (threading.main_thread(), sampler):
                t.join()
        report["ordinary_alone"] = summary(quiet)

        busy, hostile_times, statuses = [], [], {}
        stop = time.perf_counter() + args.seconds

        def attacker(k):
            rng = random.Random(k)
            while time.perf_counter() < stop:
                pick = rng.randrange(len(shapes) + 2)
                if pick == len(shapes):
                    slow_header(port, min(12, stop - time.perf_counter()))
                elif pick == len(shapes) + 1:
                    stalled_reader(port, min(5, max(0, stop - time.perf_counter())))
                else:
                    name, shape = shapes[pick]
                    status, t, _ = shape()
                    hostile_times.append(t)
                    statuses[status] = statuses.get(status, 0) + 1

        threads = ordinary_clients(port, args.clients, args.seconds, busy)
        threads += [threading.Thread(target=attacker, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(1)
        sampler.stop = True
        report["ordinary_beside_hostile"] = summary(busy)
        report["hostile"] = {"requests": len(hostile_times), "statuses": {str(k): v for k, v in sorted(statuses.items())},
                             "p99_ms": round(percentile(hostile_times, 99) * 1000, 1)}
        report["p99_ratio"] = round(report["ordinary_beside_hostile"]["p99_ms"] / max(0.1, report["ordinary_alone"]["p99_ms"]), 2)
        report["throughput_ratio"] = round(len(busy) / max(1, len(quiet)), 2)
        report["peak_rss_mb"] = round(sampler.peak_rss_mb(), 1)
        report["peak_sockets"] = sampler.connections
        report["peak_temporary_files"] = sampler.files
        report["slow_header_closed_after_s"] = round(slow_header(port, 30), 1)
        server.terminate()
        server.wait(timeout=30)
        report["temporary_files_left"] = len(temporary_files())
        print(json.dumps(report, ensure_ascii=False, indent=1))
    finally:
        if server.poll() is None:
            server.kill()
        subprocess.run(["rm", "-rf", folder])


if __name__ == "__main__":
    main()
