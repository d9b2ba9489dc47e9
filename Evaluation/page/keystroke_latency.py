#!/usr/bin/env python3
"""Search-as-you-type latency of the concordance page, in headless chromium through Selenium.

Types 24 queries into the page of a running `kakehashi serve` and measures, in the page, the
time from the last keystroke (its input event) to the results being replaced: debounce, request,
lookup and rendering together.

usage: keystroke_latency.py URL      (e.g. http://127.0.0.1:8080/ over a `bench memory` memory)
Needs Debian's chromium and chromium-driver and Selenium (`bash .ci/setup --tests` installs them
into .build/selenium-venv).
"""
import statistics
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

QUERIES = ["golmonion with", "ramselram", "the exselment", "quatalatli quaneli", "posunto for", "lattaure", "mongolous", "tamontri that"]


def main():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        browser.get(sys.argv[1])
        browser.execute_script("""
            window.latencies = []; let last = 0;
            document.getElementById('q').addEventListener('input', () => { last = performance.now(); });
            new MutationObserver(() => { if (last) { window.latencies.push(performance.now() - last); last = 0; } })
              .observe(document.getElementById('status'), {childList: true, characterData: true, subtree: true});
            """)
        for query in QUERIES * 3:
            box = browser.find_element(By.ID, "q")
            box.clear()
            time.sleep(0.3)
            box.send_keys(query)
            time.sleep(1.0)
        times = sorted(browser.execute_script("return window.latencies;"))
    finally:
        browser.quit()
    print(f"{len(times)} searches: median {statistics.median(times):.0f} ms, p90 {times[int(len(times) * 0.9)]:.0f} ms, max {times[-1]:.0f} ms")


if __name__ == "__main__":
    main()
