"""A tiny Chrome DevTools Protocol client over --remote-debugging-pipe (no websocket library): drive a page."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time


class Browser:
    """Headless Chromium with one page; `send` runs a CDP command, `wait` waits for an event."""

    def __init__(self, binary: str, width: int = 1100, height: int = 900):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        self.profile = tempfile.mkdtemp(prefix="ita-cdp-")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--remote-debugging-pipe",
                 f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"]
        # Chromium reads commands on fd 3 and writes replies on fd 4 (bash: dash cannot name fds above 9).
        self.proc = subprocess.Popen(["bash", "-c", f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', binary,
                                      *flags], pass_fds=(to_chrome_r, from_chrome_w),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf, self._events, self._next = b"", [], 0
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)

    def _read(self, timeout: float) -> dict:
        end = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise TimeoutError("no message from chromium")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, session: bool = False, timeout: float = 30, **params) -> dict:
        """Run one command; return its result (raise on a protocol error)."""
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read(timeout)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait(self, event: str, timeout: float = 30) -> dict:
        """The next `event` (kept ones first)."""
        for n, e in enumerate(self._events):
            if e.get("method") == event:
                return self._events.pop(n)
        end = time.monotonic() + timeout
        while True:
            e = self._read(max(0.1, end - time.monotonic()))
            if e.get("method") == event:
                return e
            self._events.append(e)

    def goto(self, url: str) -> None:
        """Load a page and wait for its load event."""
        self._events.clear()
        self.send("Page.navigate", session=True, url=url)
        self.wait("Page.loadEventFired")

    def js(self, expression: str):
        """Evaluate in the page and return the value."""
        r = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (scrolled into view first)."""
        box = self.js(f"(() => {{const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView();"
                      "const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1], button="left",
                      clickCount=1)

    def key(self, key: str) -> None:
        """Press and release one key, as a person typing."""
        text = key if len(key) == 1 else ""
        code = {"Escape": 27, "Tab": 9}.get(key, ord(key.upper()) if len(key) == 1 else 0)
        self.send("Input.dispatchKeyEvent", session=True, type="keyDown", key=key, text=text,
                  windowsVirtualKeyCode=code)
        self.send("Input.dispatchKeyEvent", session=True, type="keyUp", key=key, windowsVirtualKeyCode=code)

    def type(self, text: str) -> None:
        """Type text (Thai too) into the focused element."""
        self.send("Input.insertText", session=True, text=text)

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)
