#!/usr/bin/env python3
"""The concordance page in a real browser: Debian's chromium and chromium-driver, headless,
driven by Selenium.

Serves the seeds' memory (memory/seeds.tmx) plus units whose text is hostile markup, types
初の首脳会談 and "first summit" into the page, and checks the marked query, the marked
counterpart phrase and the provenance of the results; then searches the hostile units and checks
that they show as text and run nothing.

usage: concordance_page.py KAKEHASHI_BINARY REPOSITORY WORK_FOLDER [SCREENSHOT.png]
Prints a JSON report; exits 1 on a failed check, 77 when chromium or Selenium is missing.
"""
import json
import os
import subprocess
import sys
import time

from peer_process import Checks, free_port, headless_chromium, stop, wait_until_listening

HOSTILE = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en"><seg>Hostile one &lt;script&gt;window.__xss = 1&lt;/script&gt; ends here.</seg></tuv><tuv xml:lang="ja"><seg>敵対的な一 &lt;script&gt;window.__xss = 1&lt;/script&gt; 終わり。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Hostile two "&gt;&lt;img src=x onerror="window.__xss = 2"&gt; ends here.</seg></tuv><tuv xml:lang="ja"><seg>敵対的な二 "&gt;&lt;img src=x onerror="window.__xss = 2"&gt; 終わり。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Hostile three javascript:window.__xss=3 ends here.</seg></tuv><tuv xml:lang="ja"><seg>敵対的な三 &lt;a href="javascript:window.__xss=3"&gt;link&lt;/a&gt; 終わり。</seg></tuv></tu>
</body></tmx>
"""


def main():
    binary, repository, folder = sys.argv[1], sys.argv[2], sys.argv[3]
    screenshot = sys.argv[4] if len(sys.argv) > 4 else None
    start_browser, missing = headless_chromium("1100,900")
    if not start_browser:
        print(json.dumps({"skipped": missing}))
        return 77
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    os.makedirs(folder, exist_ok=True)
    memory = os.path.join(folder, "page.sqlite")
    hostile = os.path.join(folder, "hostile.tmx")
    with open(hostile, "w", encoding="utf-8") as f:
        f.write(HOSTILE)
    for tmx in (os.path.join(repository, "memory", "seeds.tmx"), hostile):
        subprocess.run([binary, "import", tmx, "--memory", memory], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--memory", memory, "--port", str(port),
                               "--lexicon", os.path.join(repository, "memory", "lexicon.kklex")],
                              cwd=repository, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    check = Checks()

    browser = None
    try:
        # The lexicon may be built on first use (slow in a debug build).
        wait_until_listening(port, server, "kakehashi serve", 240)
        browser = start_browser()
        wait = WebDriverWait(browser, 10)
        browser.get(f"http://127.0.0.1:{port}/")

        def search(text):
            box = browser.find_element(By.ID, "q")
            box.clear()
            box.send_keys(text)
            wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results li") or "No match" in b.find_element(By.ID, "status").text)
            time.sleep(0.3)  # the last keystroke's answer
            return browser.find_elements(By.CSS_SELECTOR, "#results li")

        results = search("初の首脳会談")
        check("Japanese query finds results", len(results) > 0)
        if results:
            marks = [m.text for m in results[0].find_elements(By.CSS_SELECTOR, ".source mark.q")]
            check("the query is marked in the source", "初の首脳会談" in marks, str(marks))
            phrases = [m.text for m in results[0].find_elements(By.CSS_SELECTOR, ".target mark.t")]
            check("a counterpart phrase is marked in the target", any("summit" in p.lower() for p in phrases), str(phrases))
            meta = results[0].find_element(By.CSS_SELECTOR, ".meta").text
            check("provenance names the source file", ".txt" in meta or "seeds" in meta, meta)
        check("the URL is shareable", "q=" in browser.current_url, browser.current_url)

        results = search("first summit")
        check("English query finds results", len(results) > 0)
        if results:
            marks = [m.text.lower() for m in results[0].find_elements(By.CSS_SELECTOR, ".source mark.q")]
            check("the English query is marked", "first summit" in marks, str(marks))
            targets = [m.text for m in results[0].find_elements(By.CSS_SELECTOR, ".target mark.t")]
            check("its Japanese counterpart is marked", any("首脳会談" in t for t in targets), str(targets))
        if screenshot:
            browser.save_screenshot(screenshot)

        browser.find_element(By.ID, "mode").send_keys("concordance")
        results = search("Hostile")
        texts = " ".join(r.text for r in results)
        check("hostile units are found", len(results) == 3, str(len(results)))
        check("<script> shows as text", "<script>window.__xss = 1</script>" in texts, texts[:200])
        check("an onerror attribute shows as text", 'onerror="window.__xss = 2"' in texts, texts[:200])
        check("no element came from memory text", not browser.find_elements(By.CSS_SELECTOR, "#results img, #results script, #results a"))
        check("no script ran", browser.execute_script("return window.__xss === undefined"))
    finally:
        stop(server, browser)
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
