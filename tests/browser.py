"""Shared browser-test helpers: a live server in a thread and Playwright with Debian's Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"phone": (360, 800), "laptop": (1366, 768), "wall": (1920, 1080), "wall4k": (3840, 2160)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """Uvicorn serving the test app on a free loopback port, in a thread."""

    def __init__(self, app) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(app, db) -> Iterator[LiveServer]:
    """The test app served over real HTTP for the browser."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("Debian's chromium is not installed: run `make install`")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    """Open pages at a named viewport (phone, laptop, wall, wall4k); closed after the test."""
    contexts = []

    def open_page(viewport: str = "laptop", lang: str = "vi-VN"):
        width, height = VIEWPORTS[viewport]
        ctx = browser.new_context(
            viewport={"width": width, "height": height}, locale=lang, timezone_id="Asia/Ho_Chi_Minh"
        )
        contexts.append(ctx)
        return ctx.new_page()

    yield open_page
    for ctx in contexts:
        ctx.close()


# Records Content-Security-Policy violations in the page (read back as window.__csp).
WATCH_CSP = """document.addEventListener('securitypolicyviolation', (e) => {
  (window.__csp = window.__csp || []).push(`${e.violatedDirective} ${e.blockedURI}`);
});"""


def watch_errors(page, expected: tuple[str, ...] = ()) -> list[str]:
    """Console errors (but those naming an `expected` text, such as a 422 the test provokes) and uncaught
    exceptions of a page, collected as they happen; CSP violations in window.__csp."""
    errors: list[str] = []
    page.add_init_script(WATCH_CSP)
    wanted = lambda text: not any(e in text for e in expected)  # noqa: E731
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and wanted(m.text) else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    return errors


def login(page, base_url: str, username: str, password: str = "password-123") -> None:
    """Sign in through the login form."""
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def horizontal_overflow(page) -> int:
    """Pixels of horizontal scrolling the page needs (0 on a good phone layout)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
