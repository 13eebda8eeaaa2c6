#!/usr/bin/env python3
"""A phone in a real browser: Debian's Chromium, headless at 390x844, driven through
chromedriver's W3C WebDriver protocol (plain HTTP on loopback, no client library).

    phone.py RESPONDER_URL REPORTER_URL OUT_DIR LANG(zh|en) JS(on|off)

Walks the responder's page (On my way, Arrived, Done with a note) and the reporter's page
(its state after each step, then Satisfied), saving a screenshot of each page in OUT_DIR and
printing one JSON object of what it saw: each page's text, each big button's size, whether the
page scrolls sideways. The caller (tests/it/browser.rs) decides what must be true.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, lang, js):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["chromedriver", f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.profile = tempfile.mkdtemp(prefix="dutydesk-chromium-")
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={self.profile}",
            f"--lang={'zh-CN' if lang == 'zh' else 'en-US'}",
        ]
        prefs = {"intl.accept_languages": "zh-CN,zh" if lang == "zh" else "en-US,en"}
        if js == "off":
            # Scripts off in the page itself (chromedriver's own still run beside it).
            args.append("--blink-settings=scriptEnabled=false")
        caps = {
            "browserName": "chrome",
            # Without scripts in the page chromedriver cannot tell when a click's navigation
            # ends and waits out its own timeout; the caller waits for the next page's words.
            "pageLoadStrategy": "none" if js == "off" else "normal",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args,
                "prefs": prefs,
                "mobileEmulation": {
                    "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0, "touch": True},
                    "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                    "(KHTML, like Gecko) Chrome/148.0 Mobile Safari/537.36",
                },
            },
        }
        answer = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = answer["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"{}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)["value"]

    def go(self, url):
        self.s("POST", "/url", {"url": url})
        self.wait_ready()

    def wait_ready(self, limit=10.0):
        start = time.time()
        while time.time() - start < limit:
            try:
                if self.find("main"):
                    return
            except urllib.error.HTTPError:
                pass
            time.sleep(0.05)

    def find(self, css):
        found = self.s("POST", "/elements", {"using": "css selector", "value": css})
        return [f[ELEMENT] for f in found]

    def text(self):
        body = self.find("body")
        return self.s("GET", f"/element/{body[0]}/text") if body else ""

    def press(self, element):
        """A finger's tap at the element's middle (pointer actions: an element click waits
        on scripts in the page, which the scripts-off run does not have)."""
        r = self.rect(element)
        x, y = int(r["x"] + r["width"] / 2), int(r["y"] + r["height"] / 2)
        finger = {
            "type": "pointer",
            "id": "finger",
            "parameters": {"pointerType": "touch"},
            "actions": [
                {"type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerUp", "button": 0},
            ],
        }
        self.s("POST", "/actions", {"actions": [finger]})
        self.s("DELETE", "/actions")

    def rect(self, element):
        return self.s("GET", f"/element/{element}/rect")

    def shot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def wait_text(self, words, limit=10.0):
        """Waits for the page after a tap to say one of `words` (the page may be mid-way
        through loading: an element found a moment ago can be gone, which is retried)."""
        start = time.time()
        while time.time() - start < limit:
            try:
                text = self.text()
            except urllib.error.HTTPError:
                text = ""
            if any(w in text for w in words):
                return text
            time.sleep(0.1)
        return self.text()

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def main():
    responder, reporter, out, lang, js = sys.argv[1:6]
    os.makedirs(out, exist_ok=True)
    zh = lang == "zh"
    words = {
        "recorded": "已记录" if zh else "Recorded",
        "on_scene": "到场" if zh else "On the scene",
        "resolved": "已办结" if zh else "Resolved",
        "thanks": "感谢" if zh else "Thank you",
    }
    d = Driver(lang, js)
    seen = {"pages": [], "buttons": [], "sideways": []}

    def page(name):
        path = os.path.join(out, f"{name}-{lang}-js{js}.png")
        d.shot(path)
        text = d.text()
        width = d.rect(d.find("main")[0])["width"] if d.find("main") else 0
        html = d.rect(d.find("html")[0])["width"] if d.find("html") else 0
        seen["pages"].append({"name": name, "text": text, "shot": path})
        seen["sideways"].append({"name": name, "main": width, "html": html})
        for b in d.find("button"):
            r = d.rect(b)
            seen["buttons"].append({"page": name, "width": r["width"], "height": r["height"]})
        return text

    def tap(css, note=None):
        if note is not None:
            area = d.find("textarea")
            if area:
                d.s("POST", f"/element/{area[0]}/value", {"text": note})
        d.press(d.find(css)[0])
        d.wait_text([words["recorded"], "already", "已经"])

    try:
        d.go(responder)
        page("responder-1")
        tap("button.big")
        page("responder-2-on-my-way")
        tap("button.big")
        page("responder-3-arrived")
        d.go(reporter)
        page("reporter-1-on-scene")
        d.go(responder)
        tap("button.big", note="换了灯泡 new bulb")
        page("responder-4-done")
        d.go(reporter)
        page("reporter-2-resolved")
        tap("button[value=satisfied]")
        page("reporter-3-verdict")
    finally:
        d.close()
    print(json.dumps(seen, ensure_ascii=False))


def offline():
    """phone.py offline RESPONDER_URL OUT_DIR LANG: a tap with no signal. Says READY, waits
    for a line (the caller stops the server), taps On my way, says WAITING once the page says
    it kept the tap, waits for a line (the caller starts the server again), then prints what
    the page said once the kept tap went through."""
    responder, out, lang = sys.argv[2:5]
    os.makedirs(out, exist_ok=True)
    zh = lang == "zh"
    d = Driver(lang, "on")
    try:
        d.go(responder)
        print("READY", flush=True)
        sys.stdin.readline()
        button = d.find("button.big")[0]
        d.press(button)
        kept = d.wait_text(["没有信号" if zh else "No signal"], limit=15)
        d.shot(os.path.join(out, f"offline-kept-{lang}.png"))
        print("WAITING", flush=True)
        sys.stdin.readline()
        sent = d.wait_text(["已记录" if zh else "Recorded"], limit=30)
        d.shot(os.path.join(out, f"offline-sent-{lang}.png"))
        print(json.dumps({"kept": kept, "sent": sent}, ensure_ascii=False), flush=True)
    finally:
        d.close()


if __name__ == "__main__":
    if sys.argv[1] == "offline":
        offline()
    else:
        main()
