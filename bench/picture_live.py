"""The province picture against the old indicator overview, in headless Chromium on the demo province, one run.

A fresh demo province is seeded (`ioc demo --no-serve`) into a temporary SQLite database and served by
`ioc demo` on a free port (its simulators keep it moving). Timed, in Debian's Chromium through Playwright:

- interactive: from navigation start to the last tile rendered — /picture: the six tiles and the map's
  ward colours drawn; baseline /overview: every KPI tile's sparkline drawn. Cold (a new browser context,
  empty cache) and warm (the same context again) on emulated slow 4G (1.6 Mbit/s down, 750 kbit/s up,
  150 ms latency) through the DevTools protocol; JavaScript and all bytes transferred on the cold load.
- live: with /picture open, an operator stores an incident through the API (a fetch from the page); the
  time from the request's start (an upper bound for its commit) until the open page shows the new count.

    .venv/bin/python bench/picture_live.py [--runs 5] [--updates 40]
Targets: interactive warm <= 1.5 s, cold <= 3 s on slow 4G; live update <= 1 s at p95.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PICTURE_READY = """() => document.querySelectorAll('.pic-tile').length === 6
  && !!document.querySelector('#pic-map.is-ready')"""
OVERVIEW_READY = """() => { const s = document.querySelectorAll('.kpi-tile .spark');
  return s.length > 0 && [...s].every((n) => n.dataset.drawn === '1'); }"""
BYTES = """() => { const r = performance.getEntriesByType('resource');
  const nav = performance.getEntriesByType('navigation')[0];
  const js = r.filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'));
  return { js: js.reduce((a, e) => a + e.transferSize, 0), all: r.reduce((a, e) => a + e.transferSize, 0)
    + (nav ? nav.transferSize : 0), requests: r.length + 1 }; }"""
LIVE = """async () => {
  const fig = () => document.querySelector('[data-fig=incidents] strong').textContent;
  const before = fig();
  const token = document.querySelector('meta[name=csrf-token]').content;
  const t0 = performance.now();
  const res = await fetch('/api/v1/incidents', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
    body: JSON.stringify({ kind: 'traffic_accident', priority: 'high', title: 'Bench ' + t0 }) });
  const t1 = performance.now();
  if (res.status !== 201) throw new Error('store failed ' + res.status);
  await new Promise((resolve) => {
    const check = () => (fig() !== before ? resolve() : requestAnimationFrame(check));
    check();
  });
  return { total: performance.now() - t0, after_answer: performance.now() - t1 };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(workdir: Path) -> tuple[subprocess.Popen, str]:
    """Seed the demo province and serve it; returns the process and its URL."""
    import ioc as package

    source = str(Path(package.__file__).resolve().parents[1])  # the server runs the code this script imports
    env = os.environ | {"IOC_DATABASE_URL": f"sqlite:///{workdir / 'demo.db'}", "PYTHONPATH": source}
    ioc = str(Path(sys.executable).with_name("ioc"))
    subprocess.run([ioc, "demo", "--no-serve"], env=env, cwd=workdir, check=True, capture_output=True)
    port = _free_port()
    log = open(workdir / "serve.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen([ioc, "demo", "--port", str(port)], env=env, cwd=workdir, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the demo server did not start")


def login(page, url: str, user: str) -> None:
    """Sign in through the form."""
    page.goto(f"{url}/login")
    page.fill("#username", user)
    page.fill("#password", f"ioc-{user}-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def interactive(page, url: str, ready: str) -> float:
    """Milliseconds from navigation start to `ready`."""
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_function(ready, timeout=60000, polling=50)
    except Exception:
        print("not ready:", page.url, page.title(), file=sys.stderr)
        raise
    return page.evaluate("performance.now()")


def load_times(browser, url: str, path: str, ready: str, runs: int) -> dict:
    """Cold and warm interactive times (median of runs) on slow 4G, and the cold load's bytes."""
    cold, warm, sizes = [], [], None
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
        page = ctx.new_page()
        login(page, url, "lanhdao")
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cold.append(interactive(page, url + path, ready))
        sizes = sizes or page.evaluate(BYTES)
        warm.append(interactive(page, url + path, ready))
        ctx.close()
    return {"cold": statistics.median(cold), "warm": statistics.median(warm), **sizes}


def live_latency(browser, url: str, updates: int) -> list[float]:
    """Milliseconds from storing an incident to the open picture showing it, per update."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = ctx.new_page()
    login(page, url, "dieuhanh")
    page.goto(f"{url}/picture")
    page.wait_for_function(PICTURE_READY, timeout=30000)
    page.wait_for_selector("#live-indicator[data-state='on']", timeout=10000)
    out = []
    for _ in range(updates):
        out.append(page.evaluate(LIVE)["total"])
        time.sleep(0.3)
    ctx.close()
    return out


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, int(round(0.95 * len(ranked) + 0.5)) - 1)]


def main() -> None:
    """Seed, serve, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--updates", type=int, default=40)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ioc-bench-picture-"))
    proc, url = serve(workdir)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox"])
            picture = load_times(browser, url, "/picture", PICTURE_READY, args.runs)
            overview = load_times(browser, url, "/overview", OVERVIEW_READY, args.runs)
            live = live_latency(browser, url, args.updates)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"slow 4G (1.6 Mbit/s, 150 ms), median of {args.runs} runs; 'last tile rendered':")
    for name, key in (("cold", "cold"), ("warm", "warm")):
        ratio = picture[key] / overview[key]
        print(
            f"  {name:4}: /picture {picture[key]:7.0f} ms   /overview (baseline) {overview[key]:7.0f} ms"
            f"   ratio {ratio:.2f}"
        )
    for name, d in (("/picture", picture), ("/overview", overview)):
        print(
            f"  {name:9} cold load: JS {d['js'] / 1024:7.1f} KiB, all {d['all'] / 1024:7.1f} KiB,"
            f" {d['requests']} requests"
        )
    print(
        f"live update, store -> open page ({len(live)} updates): median {statistics.median(live):.0f} ms, "
        f"p95 {p95(live):.0f} ms, max {max(live):.0f} ms (target p95 <= 1000 ms)"
    )


if __name__ == "__main__":
    main()
