"""Servers the peer scripts start: a free loopback port, and waiting until one listens."""
import socket
import time


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port, process, name, seconds):
    """Returns once `port` accepts a connection; exits when `process` ends first or after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited early with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{name} did not start on port {port} within {seconds} s")


def headless_chromium(window):
    """A function that starts Debian's chromium, headless, driven by Selenium, at `window`
    ("1100,900"); or None and why it cannot (Selenium, chromium or chromium-driver missing)."""
    import os
    import shutil
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver") or "/usr/bin/chromedriver"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        return None, f"Selenium is missing: {error}"
    if not chromium or not os.path.exists(driver):
        return None, "chromium or chromium-driver is missing"
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={window}", "--lang=en"):
        options.add_argument(argument)
    options.binary_location = chromium
    return (lambda: webdriver.Chrome(service=Service(driver), options=options)), None


class Checks:
    """Named checks of a peer script, and its JSON report: exit status 1 when one failed."""

    def __init__(self):
        self.names, self.failures = [], []

    def __call__(self, name, condition, detail=""):
        self.names.append(name)
        if not condition:
            self.failures.append(f"{name}: {detail}")

    def report(self):
        import json
        print(json.dumps({"checks": self.names, "failures": self.failures}, ensure_ascii=False, indent=1))
        return 1 if self.failures else 0


def stop(server, browser=None):
    """Quits the browser, then stops the server (SIGTERM, then SIGKILL after 10 s)."""
    import subprocess
    if browser:
        browser.quit()
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
