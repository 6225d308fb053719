"""The leader's phone app on an emulated slow 4G phone, and the JavaScript each page transfers.

A fresh SQLite database gets the whole demo province (every domain's seed); one `uvicorn` process
serves it. Headless Debian Chromium (Playwright) signs in as the demo leader, then, in a fresh
context (empty HTTP cache, no service worker) with CDP network emulation at 1.6 Mbit/s down,
750 kbit/s up, 150 ms round trip and the CPU not throttled, opens /lanh-dao/ and times navigation
start → the page's module wired (interactive, body[data-ready]) — the cold start — then again with
the cache and the service worker in place (warm). For each page it sums the bytes of the scripts
transferred (compressed, as on the wire) and their decoded size.

    .venv/bin/python bench/apps_pwa.py [--runs 3]
Target: cold start interactive ≤ 3 s; JavaScript transferred per page ≤ 300 KB. Baseline: the
same scripts as before this change (no compression, the full 1,009 KiB ECharts build).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path

from _sensors_common import fresh_database, start_server
from ioc.config import Settings
from ioc.db.uow import unit_of_work
from ioc.demo import core
from ioc.demo.context import DemoContext
from ioc.runtime import build_runtime

SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PAGES = ("/lanh-dao/", "/nguoi-dan/", "/", "/environment", "/feedback")
FULL_ECHARTS = Path("node_modules/echarts/dist/echarts.min.js")
BUDGET_JS, BUDGET_COLD = 300_000, 3.0


def seed_demo(url: str) -> None:
    """The demo province: areas, agencies, users, then every domain's seed."""
    settings = Settings(database_url=url)
    runtime = build_runtime(settings)
    demo = DemoContext(settings=settings, session_factory=runtime.session_factory, province=settings.jurisdiction)
    with unit_of_work(runtime.session_factory) as session:
        core.seed_areas(session, settings.jurisdiction)
        core.seed_agencies(session, settings.jurisdiction)
        core.seed_users(session)
    for _, seed in runtime.registry.seeds:
        seed(demo)
    runtime.engine.dispose()


def signed_in_state(browser, base: str) -> dict:
    """The demo leader's cookies, from one sign-in through the form."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{base}/login")
    page.fill("#username", "lanhdao")
    page.fill("#password", "ioc-lanhdao-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    state = ctx.storage_state()
    ctx.close()
    return state


def open_page(ctx, base: str, path: str, ready: str) -> tuple[float, dict]:
    """Load a page under slow 4G; seconds to `ready` and the scripts' bytes (wire, decoded)."""
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    scripts: dict[str, dict] = {}
    cdp.on(
        "Network.responseReceived",
        lambda e: scripts.update({e["requestId"]: {"type": e["type"], "url": e["response"]["url"]}}),
    )
    cdp.on("Network.loadingFinished", lambda e: scripts.get(e["requestId"], {}).update(wire=e["encodedDataLength"]))
    cdp.on(
        "Network.dataReceived",
        lambda e: scripts.get(e["requestId"], {}).update(
            decoded=scripts.get(e["requestId"], {}).get("decoded", 0) + e["dataLength"]
        ),
    )
    page.goto(base + path, wait_until="commit")
    page.wait_for_selector(ready, state="attached", timeout=60000)
    elapsed = (
        page.evaluate("performance.now()") / 1000
        if ready != "body[data-ready]"
        else (int(page.get_attribute("body", "data-ready")) / 1000)
    )
    page.wait_for_load_state("networkidle")
    js = [s for s in scripts.values() if s.get("type") == "Script"]
    out = {"wire": sum(s.get("wire", 0) for s in js), "decoded": sum(s.get("decoded", 0) for s in js),
           "files": len(js), "echarts": any("echarts" in s["url"] for s in js)}  # fmt: skip
    page.close()
    return elapsed, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    url, drop = fresh_database("sqlite")
    started = time.perf_counter()
    seed_demo(url)
    print(f"demo province seeded in {time.perf_counter() - started:.0f} s")
    proc, base = start_server(url)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            state = signed_in_state(browser, base)
            cold, warm = [], []
            for _ in range(args.runs):
                ctx = browser.new_context(storage_state=state, viewport={"width": 360, "height": 800})
                t, _ = open_page(ctx, base, "/lanh-dao/", "body[data-ready]")
                cold.append(t)
                page = ctx.new_page()
                page.goto(base + "/lanh-dao/")
                page.evaluate("navigator.serviceWorker.ready.then(() => true)")
                page.close()
                t, _ = open_page(ctx, base, "/lanh-dao/", "body[data-ready]")
                warm.append(t)
                ctx.close()
            print(f"leader app /lanh-dao/ on slow 4G (1.6 Mbit/s, 150 ms), 360 px: cold start interactive "
                  f"median {statistics.median(cold):.2f} s (runs {', '.join(f'{t:.2f}' for t in cold)}), "
                  f"target {BUDGET_COLD:.1f} s, ratio {statistics.median(cold) / BUDGET_COLD:.2f}; "
                  f"warm (HTTP cache + service worker) median {statistics.median(warm):.2f} s")  # fmt: skip
            full = FULL_ECHARTS.stat().st_size if FULL_ECHARTS.exists() else 0
            custom = Path("src/ioc/web/static/vendor/echarts.min.js").stat().st_size
            for path in PAGES:
                ctx = browser.new_context(storage_state=state)
                _, js = open_page(ctx, base, path, "body")
                ctx.close()
                before = js["decoded"] + (full - custom if js["echarts"] else 0)
                print(f"{path:<14} JS {js['files']:>2} files: {js['wire'] / 1000:7.1f} KB on the wire "
                      f"({js['decoded'] / 1000:7.1f} KB decoded); before: {before / 1000:7.1f} KB uncompressed; "
                      f"ratio {before / max(1, js['wire']):.1f}x; budget {BUDGET_JS // 1000} KB "
                      f"{'ok' if js['wire'] <= BUDGET_JS else 'OVER'}")  # fmt: skip
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        drop()


if __name__ == "__main__":
    main()
