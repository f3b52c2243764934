"""Open a local HTML file in headless Chromium over the DevTools protocol and report on it.

Used by the report tests: every console message and uncaught exception, every request the
page makes (the document itself included), a full-page screenshot and a PDF print. Debian's
``chromium`` package is the browser; tests skip when it is not installed.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
)


_FACTS = (
    "JSON.stringify({title: document.title, svg: document.querySelectorAll('svg').length,"
    " height: document.documentElement.scrollHeight})"
)


def chromium_binary() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageReport:
    """What the browser saw while loading the page."""

    url: str
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    exceptions: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    title: str = ""
    screenshot: Path | None = None
    pdf: Path | None = None
    svg_count: int = 0
    body_height: int = 0
    probe: Any = None
    """What the ``probe`` expression returned (JSON-decoded), when one was given."""
    fonts: list[dict[str, Any]] = field(default_factory=list)
    """The platform fonts that drew the text of ``fonts_of`` (CSS.getPlatformFontsForNode)."""

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions."""
        return [t for level, t in self.console if level in ("error", "assert")] + self.exceptions

    @property
    def external_requests(self) -> list[str]:
        """Requests other than the document itself and data: URLs."""
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


class _Session:
    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        number = next(self.ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = json.loads(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str, *, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        if any(e.get("method") == method for e in self.events):
            return
        while time.monotonic() < deadline:
            event = json.loads(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            self.events.append(event)
            if event.get("method") == method:
                return
        raise TimeoutError(method)

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.events.append(
                    json.loads(self.socket.recv(timeout=max(0.05, deadline - time.monotonic())))
                )
            except TimeoutError:
                return


def _platform_fonts(cdp: _Session, session: str, selector: str) -> list[dict[str, Any]]:
    cdp.call("DOM.enable", session=session)
    cdp.call("CSS.enable", session=session)
    root = cdp.call("DOM.getDocument", {"depth": -1}, session=session)["root"]["nodeId"]
    node = cdp.call("DOM.querySelector", {"nodeId": root, "selector": selector}, session=session)[
        "nodeId"
    ]
    found = cdp.call("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)
    cdp.drain(0.3)
    # Enabling the CSS domain on a file: page makes the inspector itself log one "Unsafe
    # attempt to load URL" for the page's own URL; that is the probe's noise, not the page's.
    cdp.events = [
        event
        for event in cdp.events
        if not (
            event.get("method") == "Log.entryAdded"
            and "Unsafe attempt to load URL file:"
            in event.get("params", {}).get("entry", {}).get("text", "")
        )
    ]
    return list(found.get("fonts", []))


def open_page(
    html: Path,
    *,
    out: Path,
    width: int = 1280,
    height: int = 900,
    probe: str | None = None,
    fonts_of: str | None = None,
) -> PageReport:
    """Load ``html`` in a fresh headless Chromium; screenshot and PDF go to ``out``.

    ``probe`` is a JavaScript expression returning a JSON string, evaluated after load;
    ``fonts_of`` a CSS selector whose element's platform fonts are reported.
    """
    from websockets.sync.client import connect

    binary = chromium_binary()
    if binary is None:
        raise RuntimeError("chromium is not installed")
    out.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="pata-chromium-"))
    process = subprocess.Popen(
        [
            binary,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (active.exists() and len(active.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port, path = active.read_text().splitlines()[:2]
        url = html.resolve().as_uri()
        report = PageReport(url=url)
        with connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=20) as socket:
            cdp = _Session(socket)
            target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
                "sessionId"
            ]
            for domain in ("Page", "Runtime", "Log", "Network"):
                cdp.call(f"{domain}.enable", session=session)
            cdp.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                session=session,
            )
            cdp.call("Page.navigate", {"url": url}, session=session)
            cdp.wait_for("Page.loadEventFired")
            cdp.drain(1.0)
            evaluated = cdp.call(
                "Runtime.evaluate",
                {
                    "expression": _FACTS,
                    "returnByValue": True,
                },
                session=session,
            )
            facts = json.loads(evaluated["result"]["value"])
            report.title, report.svg_count, report.body_height = (
                facts["title"],
                facts["svg"],
                facts["height"],
            )
            if probe is not None:
                probed = cdp.call(
                    "Runtime.evaluate",
                    {"expression": probe, "returnByValue": True},
                    session=session,
                )
                report.probe = json.loads(probed["result"]["value"])
            if fonts_of is not None:
                report.fonts = _platform_fonts(cdp, session, fonts_of)
            shot = cdp.call(
                "Page.captureScreenshot",
                {"format": "png", "captureBeyondViewport": True},
                session=session,
                timeout=60,
            )
            report.screenshot = out / f"{html.stem}.png"
            report.screenshot.write_bytes(base64.b64decode(shot["data"]))
            printed = cdp.call(
                "Page.printToPDF",
                {"printBackground": True, "preferCSSPageSize": True},
                session=session,
                timeout=60,
            )
            report.pdf = out / f"{html.stem}.pdf"
            report.pdf.write_bytes(base64.b64decode(printed["data"]))
            cdp.drain(0.3)
            for event in cdp.events:
                method, params = event.get("method"), event.get("params", {})
                if method == "Network.requestWillBeSent":
                    report.requests.append(params["request"]["url"])
                elif method == "Network.loadingFailed":
                    report.failed.append(params.get("errorText", ""))
                elif method == "Runtime.consoleAPICalled":
                    text = " ".join(
                        str(a.get("value", a.get("description", "")))
                        for a in params.get("args", [])
                    )
                    report.console.append((params.get("type", ""), text))
                elif method == "Log.entryAdded":
                    entry = params.get("entry", {})
                    report.console.append((entry.get("level", ""), entry.get("text", "")))
                elif method == "Runtime.exceptionThrown":
                    report.exceptions.append(json.dumps(params.get("exceptionDetails", {}))[:500])
            # The browser may close the socket before it answers.
            with contextlib.suppress(Exception):
                cdp.call("Browser.close", timeout=5)
        return report
    finally:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
