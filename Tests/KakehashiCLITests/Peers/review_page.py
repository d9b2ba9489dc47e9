#!/usr/bin/env python3
"""The review page in a real browser: Debian's chromium and chromium-driver, headless, driven by
Selenium.

Serves a memory of five aligned units from one pair of articles, with a reviewer in a users file.
The reviewer opens /review, signs in with their token in the password field, and with the
keyboard alone approves two units, rejects one, edits one (putting <script> into its text),
sees the history and the context, and undoes the edit. Then the concordance page must reflect
all of it and the API must agree; a bulk search-and-replace is previewed, applied and undone
from the page; and the layout must stack on a phone's width.

usage: review_page.py KAKEHASHI_BINARY REPOSITORY WORK_FOLDER [SCREENSHOT.png]
Prints a JSON report; exits 1 on a failed check, 77 when chromium or Selenium is missing.
"""
import json
import os
import subprocess
import sys
import time
import urllib.request

from peer_process import Checks, free_port, headless_chromium, stop, wait_until_listening

SENTENCES = [
    ("The city council met on Monday to discuss the new bridge.", "市議会は月曜日、新しい橋について協議した。", 0.55),
    ("The bridge will cost 12 billion yen.", "橋の建設費は120億円となる。", 0.61),
    ("Construction is planned to start in April.", "工事は4月に始まる予定だ。", 0.72),
    ("Residents asked for a pedestrian lane.", "住民は歩道の設置を求めた。", 0.83),
    ("The mayor promised a public hearing.", "市長は公聴会の開催を約束した。", 0.94),
]


def tmx():
    units = []
    for i, (en, ja, confidence) in enumerate(SENTENCES):
        units.append(f"""<tu>
  <prop type="x-status">aligned</prop><prop type="x-relation">translation</prop>
  <prop type="x-alignment-score">{confidence}</prop>
  <prop type="x-source-file">news/bridge-en.txt</prop><prop type="x-document">line {i + 3}</prop><prop type="x-sentences">en {i}</prop>
  <prop type="x-source-file">news/bridge-ja.txt</prop><prop type="x-document">line {i + 3}</prop><prop type="x-sentences">ja {i}</prop>
  <tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="ja"><seg>{ja}</seg></tuv>
</tu>""")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" creationtoolversion="1" '
            'segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
            + "\n".join(units) + "\n</body></tmx>\n")


def main():
    binary, repository, folder = sys.argv[1], sys.argv[2], sys.argv[3]
    screenshot = sys.argv[4] if len(sys.argv) > 4 else None
    start_browser, missing = headless_chromium("1280,900")
    if not start_browser:
        print(json.dumps({"skipped": missing}))
        return 77
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    os.makedirs(folder, exist_ok=True)
    memory = os.path.join(folder, "review.sqlite")
    source = os.path.join(folder, "bridge.tmx")
    with open(source, "w", encoding="utf-8") as f:
        f.write(tmx())
    subprocess.run([binary, "import", source, "--memory", memory], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    users = os.path.join(folder, "users")
    token = subprocess.run([binary, "users", "add", "aiko", "--role", "reviewer", "--users", users],
                           check=True, capture_output=True, text=True).stdout.strip()
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--memory", memory, "--port", str(port), "--users", users,
                               "--lexicon", os.path.join(repository, "memory", "lexicon.kklex")],
                              cwd=repository, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    check = Checks()

    def api(path):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return json.loads(response.read())

    browser = None
    try:
        wait_until_listening(port, server, "kakehashi serve", 240)
        browser = start_browser()
        wait = WebDriverWait(browser, 10)
        browser.get(f"http://127.0.0.1:{port}/review")
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#queue li")) == 5)
        queue = browser.find_elements(By.CSS_SELECTOR, "#queue li")
        check("the queue shows the least certain unit first", "confidence 0.55" in queue[0].text and "confidence 0.94" in queue[-1].text,
              queue[0].text[:120])
        wait.until(lambda b: "news/bridge-en.txt" in b.find_element(By.ID, "context").text)

        def press(key):
            ActionChains(browser).send_keys(key).perform()

        def selected_id():
            return browser.execute_script("const li = document.querySelector('#queue li.selected'); return li ? Number(li.dataset.id) : null")

        # Not signed in: a change asks for the token and changes nothing.
        press("a")
        wait.until(lambda b: "Sign in" in b.find_element(By.ID, "message").text)
        check("a change before signing in asks for the token", api(f"/api/v1/units/{selected_id()}")["status"] == "aligned")

        box = browser.find_element(By.ID, "token")
        check("the token field is a password field", box.get_attribute("type") == "password")
        box.send_keys(token + Keys.ENTER)
        wait.until(lambda b: "Signed in" in b.find_element(By.ID, "who").text)
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#queue li.selected"))
        check("the token is kept for the tab only", browser.execute_script("return sessionStorage.getItem('kakehashi-token')") == token
              and browser.execute_script("return localStorage.length") == 0)

        first = selected_id()
        press("a")
        wait.until(lambda b: selected_id() != first)
        second = selected_id()
        press("a")
        wait.until(lambda b: selected_id() != second)
        third = selected_id()
        press("r")
        wait.until(lambda b: selected_id() != third)
        fourth = selected_id()
        check("two approved with the key a", api(f"/api/v1/units/{first}")["status"] == "approved"
              and api(f"/api/v1/units/{second}")["status"] == "approved")
        check("one rejected with the key r", api(f"/api/v1/units/{third}")["status"] == "rejected")

        context = browser.find_element(By.ID, "context").text
        check("the context shows the sentences before and after in both articles",
              SENTENCES[2][0] in context and SENTENCES[4][0] in context and SENTENCES[2][1] in context and SENTENCES[4][1] in context,
              context[:300])

        press("e")
        area = wait.until(lambda b: b.find_element(By.ID, "edit-en"))
        area.send_keys(Keys.END, " <script>window.__xss = 1</script>")
        area.send_keys(Keys.CONTROL, Keys.ENTER)
        wait.until(lambda b: "edited" in b.find_element(By.ID, "message").text)
        edited = api(f"/api/v1/units/{fourth}")
        english = [v["text"] for v in edited["variants"] if v["lang"].startswith("en")][0]
        check("one edited in place with the key e", english.endswith("<script>window.__xss = 1</script>"), english)
        sides = browser.find_element(By.ID, "sides")
        check("the edit's <script> shows as text", "<script>window.__xss = 1</script>" in sides.text, sides.text[:200])
        check("no element came from memory text", not browser.find_elements(By.CSS_SELECTOR, "#detail script, #queue script"))
        check("no script ran", browser.execute_script("return window.__xss === undefined"))
        wait.until(lambda b: "edit by aiko" in b.find_element(By.ID, "history").text)
        check("the history names the edit and its reviewer", "v2 edit by aiko" in browser.find_element(By.ID, "history").text)
        if screenshot:
            browser.save_screenshot(screenshot)

        press("u")
        wait.until(lambda b: "undone" in b.find_element(By.ID, "message").text)
        restored = api(f"/api/v1/units/{fourth}")
        english = [v["text"] for v in restored["variants"] if v["lang"].startswith("en")][0]
        check("the key u undoes the edit", english == SENTENCES[3][0], english)
        check("the history shows the undo", "(undone)" in browser.find_element(By.ID, "history").text
              and "undo by aiko" in browser.find_element(By.ID, "history").text)

        # A stale change: someone else changes the unit meanwhile.
        changed = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/units/{fourth}", method="PATCH",
                                         data=b'{"note":"checked elsewhere"}',
                                         headers={"Authorization": f"Bearer {token}", "If-Match": f'"u{fourth}-v3"',
                                                  "Content-Type": "application/json"})
        urllib.request.urlopen(changed, timeout=10).read()
        press("a")
        wait.until(lambda b: "changed this unit meanwhile" in b.find_element(By.ID, "message").text)
        check("a stale change is refused and the unit shown as it is now",
              api(f"/api/v1/units/{fourth}")["status"] == "aligned" and "checked elsewhere" in browser.find_element(By.ID, "sides").text)

        # The concordance page reflects it all.
        browser.get(f"http://127.0.0.1:{port}/")

        def search(text):
            box = browser.find_element(By.ID, "q")
            box.clear()
            box.send_keys(text)
            wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results li") or "No match" in b.find_element(By.ID, "status").text)
            time.sleep(0.3)
            return browser.find_elements(By.CSS_SELECTOR, "#results li")

        browser.find_element(By.ID, "mode").send_keys("concordance")
        results = search("bridge")
        texts = " | ".join(r.text for r in results)
        check("the concordance shows the approvals", texts.count("approved") == 2, texts[:300])
        check("the concordance leaves the rejected unit out", SENTENCES[2][0] not in texts, texts[:300])
        results = search("pedestrian lane")
        texts = " | ".join(r.text for r in results)
        check("the concordance shows the undone edit's text", SENTENCES[3][0] in texts and "<script>" not in texts, texts[:300])

        # A bulk change from the page: a preview, then the same change applied, then undone as one.
        browser.get(f"http://127.0.0.1:{port}/review")
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#queue li.selected"))
        browser.find_element(By.CSS_SELECTOR, "#bulk summary").click()
        browser.find_element(By.ID, "bulk-action").send_keys("search and replace")
        browser.find_element(By.ID, "bulk-pattern").send_keys("The mayor")
        browser.find_element(By.ID, "bulk-replacement").send_keys("The city's mayor")
        check("apply waits for a preview", not browser.find_element(By.ID, "bulk-apply").is_enabled())
        browser.find_element(By.ID, "bulk-preview").click()
        wait.until(lambda b: "would change" in b.find_element(By.ID, "bulk-result").text)
        preview = browser.find_element(By.ID, "bulk-result").text + " " + browser.find_element(By.ID, "bulk-sample").text
        mayor = [u for u in range(1, 6) if SENTENCES[4][0] in json.dumps(api(f"/api/v1/units/{u}"))][0]
        check("the bulk preview shows the count and the change, and changes nothing",
              "1 unit would change" in preview and "The city's mayor" in preview
              and api(f"/api/v1/units/{mayor}")["version"] == 1, preview)
        browser.find_element(By.ID, "bulk-apply").click()
        wait.until(lambda b: "changed" in b.find_element(By.ID, "bulk-result").text)
        text = [v["text"] for v in api(f"/api/v1/units/{mayor}")["variants"] if v["lang"].startswith("en")][0]
        check("the bulk change applies what was previewed", text == "The city's mayor promised a public hearing.", text)
        browser.find_element(By.ID, "bulk-undo").click()
        wait.until(lambda b: "undone" in b.find_element(By.ID, "bulk-result").text)
        text = [v["text"] for v in api(f"/api/v1/units/{mayor}")["variants"] if v["lang"].startswith("en")][0]
        check("the bulk change is undone as one", text == SENTENCES[4][0], text)

        # A phone's width: the queue and the unit stack.
        browser.set_window_size(390, 844)
        browser.get(f"http://127.0.0.1:{port}/review")
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#queue li.selected"))
        queue_box = browser.find_element(By.ID, "queue").rect
        detail_box = browser.find_element(By.ID, "detail").rect
        check("on a phone the unit is below the queue", detail_box["y"] >= queue_box["y"] + queue_box["height"] - 1
              and detail_box["width"] <= 390, f"{queue_box} {detail_box}")
    finally:
        stop(server, browser)
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
