"""Static files (defect 13): fingerprinted URLs cached for a year, ETag/304 otherwise, brotli/gzip on the wire."""

from __future__ import annotations

import gzip
import re

import brotli

from ioc.web.assets import ECHARTS_BUNDLE, missing_assets
from ioc.web.paths import STATIC_DIR
from ioc.web.static_files import IMMUTABLE, asset, tree_hash


def test_a_fingerprinted_url_is_cached_for_a_year_and_compressed(client):
    url = asset("js/app.js")
    assert re.fullmatch(rf"/static/v/{tree_hash()}/js/app\.js", url)
    answer = client.get(url, headers={"accept-encoding": "br, gzip"})
    assert answer.status_code == 200 and answer.headers["cache-control"] == IMMUTABLE
    assert answer.headers["content-encoding"] == "br" and answer.headers["vary"] == "Accept-Encoding"
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.content == (STATIC_DIR / "js/app.js").read_bytes()  # the client decoded brotli


def test_gzip_for_clients_without_brotli_and_none_for_fonts(client):
    answer = client.get(asset("css/app.css"), headers={"accept-encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    raw = client.get(asset("css/app.css"), headers={"accept-encoding": "identity"})
    assert "content-encoding" not in raw.headers and raw.content == (STATIC_DIR / "css/app.css").read_bytes()
    font = next((STATIC_DIR / "vendor/fonts").rglob("*.woff2"))
    answer = client.get(asset(str(font.relative_to(STATIC_DIR))), headers={"accept-encoding": "br"})
    assert answer.status_code == 200 and "content-encoding" not in answer.headers


def test_a_plain_url_is_revalidated_with_an_etag(client):
    first = client.get("/static/css/app.css", headers={"accept-encoding": "gzip"})
    assert first.headers["cache-control"] == "no-cache" and first.headers["etag"]
    again = client.get(
        "/static/css/app.css", headers={"accept-encoding": "gzip", "if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    old = client.get("/static/v/000000000000/css/app.css")  # a page rendered before an upgrade still loads
    assert old.status_code == 200 and old.headers["cache-control"] == "no-cache"


def test_nothing_outside_the_static_folder_and_no_directories(client):
    assert client.get("/static/../main.py").status_code == 404
    assert client.get("/static/%2e%2e/paths.py").status_code == 404
    assert client.get("/static/js").status_code == 404
    assert client.get("/static/nope.js").status_code == 404
    assert client.post("/static/js/app.js").status_code == 405


def test_pages_link_their_files_fingerprinted(client):
    html = client.get("/login").text
    assert asset("css/app.css") in html and asset("js/app.js") in html
    assert 'href="/static/css' not in html


def test_the_custom_echarts_build_is_small():
    assert missing_assets() == []
    raw = (STATIC_DIR / "vendor" / ECHARTS_BUNDLE).read_bytes()
    assert b"window.echarts" in raw or b"echarts" in raw
    assert len(brotli.compress(raw)) < 200_000 and len(gzip.compress(raw)) < 230_000  # the full build: 265/326 KB
