#!/usr/bin/env python3
"""Side-by-side check of Kakehashi's amaGama endpoint against Translate Toolkit's tmserver.

Both servers load the same small English-Japanese TMX and answer the same URLs, built the way
Weblate's tmserver machinery builds them (source text percent-encoded into the path, language
codes, an unknown pair). The answers are compared: the same best candidate for every query,
quality 100 for exact matches in both, and [] where tmserver has nothing. Where tmserver scores an exact match below 100 (a text with a
slash, which it reads from the decoded path), the report notes it instead of failing.

usage: amagama_peer.py KAKEHASHI_BINARY WORK_FOLDER
Prints one JSON report on stdout; exits 1 when the answers disagree, 77 when tmserver is missing.
"""
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request

from peer_process import free_port, wait_until_listening

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="peer" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en"><seg>The two leaders held their first summit in Gyeongju.</seg></tuv><tuv xml:lang="ja"><seg>両首脳は慶州で初の首脳会談を行った。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The ferry service resumed on Monday after a three-day halt.</seg></tuv><tuv xml:lang="ja"><seg>フェリーは3日間の運休を経て月曜日に運航を再開した。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Prices and/or wages rose in October.</seg></tuv><tuv xml:lang="ja"><seg>10月は物価か賃金が上昇した。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Save your changes before closing the window.</seg></tuv><tuv xml:lang="ja"><seg>ウィンドウを閉じる前に変更を保存してください。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The minister will visit Seoul next week.</seg></tuv><tuv xml:lang="ja"><seg>大臣は来週ソウルを訪問する。</seg></tuv></tu>
</body></tmx>
"""

# (query, expected best source or None). Exact, near-exact and unrelated texts.
QUERIES = [
    ("The two leaders held their first summit in Gyeongju.", "The two leaders held their first summit in Gyeongju."),
    ("Prices and/or wages rose in October.", "Prices and/or wages rose in October."),
    ("Save your changes before closing the window.", "Save your changes before closing the window."),
    ("Save your changes before closing this window.", "Save your changes before closing the window."),
    ("The minister will visit Seoul next month.", "The minister will visit Seoul next week."),
    ("The ferry service resumed on Tuesday after a three-day halt.", "The ferry service resumed on Monday after a three-day halt."),
    ("Completely unrelated words about gardening tools.", None),
]


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20) as response:
        return response.status, json.loads(response.read().decode("utf-8"))


def unit_path(slang, tlang, text):
    # As Weblate's tmserver machinery does: the text quoted into the path, "/" included.
    return f"/tmserver/{slang}/{tlang}/unit/{urllib.parse.quote(text, safe='')}"


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    try:
        import translate.services.tmserver  # noqa: F401
    except ImportError as error:
        print(json.dumps({"skipped": f"Translate Toolkit's tmserver is not installed: {error}"}))
        return 77
    os.makedirs(folder, exist_ok=True)
    tmx = os.path.join(folder, "peer.tmx")
    with open(tmx, "w", encoding="utf-8") as f:
        f.write(TMX)
    memory = os.path.join(folder, "peer.sqlite")
    subprocess.run([binary, "import", tmx, "--memory", memory], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    ours_port, peer_port = free_port(), free_port()
    ours = subprocess.Popen([binary, "serve", "--memory", memory, "--port", str(ours_port), "--lexicon", "none"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # A database file: with the default ":memory:", each of its server threads sees an empty one.
    tmdb = os.path.join(folder, "tmserver.db")
    if os.path.exists(tmdb):
        os.remove(tmdb)
    peer = subprocess.Popen([sys.executable, "-m", "translate.services.tmserver", "-d", tmdb, "-f", tmx, "-s", "en", "-t", "ja",
                             "-b", "127.0.0.1", "-p", str(peer_port), "--min-similarity", "70", "--max-candidates", "5"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = {"queries": [], "disagreements": []}
    try:
        wait_until_listening(ours_port, ours, "kakehashi serve", 30)
        wait_until_listening(peer_port, peer, "tmserver", 30)
        for text, expected in QUERIES:
            path = unit_path("en", "ja", text)
            status_ours, answer_ours = get(ours_port, path)
            status_peer, answer_peer = get(peer_port, path)
            best_ours = answer_ours[0]["source"] if answer_ours else None
            best_peer = answer_peer[0]["source"] if answer_peer else None
            entry = {"query": text, "kakehashi": answer_ours[:1], "tmserver": answer_peer[:1]}
            report["queries"].append(entry)
            problems = []
            if status_ours != 200:
                problems.append(f"kakehashi answered {status_ours}")
            if best_ours != expected:
                problems.append(f"kakehashi's best is {best_ours!r}, expected {expected!r}")
            if best_ours != best_peer:
                problems.append(f"best candidates differ: kakehashi {best_ours!r}, tmserver {best_peer!r}")
            if answer_ours and answer_ours[0]["source"] == text and answer_ours[0]["quality"] != 100:
                problems.append(f"an exact match has quality {answer_ours[0]['quality']}")
            if answer_peer and answer_peer[0]["source"] == text and round(answer_peer[0]["quality"]) != 100:
                # tmserver reads the path after the server decoded it, so "%2F" in the text
                # is a slash of the path to it and the text it scores is not the one sent.
                report.setdefault("tmserver_notes", []).append(f"{text!r}: exact match scored {answer_peer[0]['quality']:.1f}")
            for item in answer_ours:
                if set(item) != {"source", "target", "quality", "rank"} or not 0 <= item["quality"] <= 100:
                    problems.append(f"kakehashi item has the wrong shape: {item}")
            if answer_ours and answer_peer and answer_ours[0]["target"] != answer_peer[0]["target"]:
                problems.append("targets of the best candidates differ")
            if problems:
                report["disagreements"].append({"query": text, "problems": problems})
        # Weblate's settings check asks for a pair the server does not hold.
        status, answer = get(ours_port, unit_path("en", "de", "test"))
        if status != 200 or answer != []:
            report["disagreements"].append({"query": "en/de test", "problems": [f"answered {status} {answer}"]})
    finally:
        for process in (ours, peer):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 1 if report["disagreements"] else 0


if __name__ == "__main__":
    sys.exit(main())
