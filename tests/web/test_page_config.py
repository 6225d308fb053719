"""The page's scripts get their texts and status tables from the server (#ioc-page): one source for
Python and JS."""

from __future__ import annotations

import json
import re

from ioc.environment.pages import STATE_CHIPS
from ioc.feedback.flows import STATUS_LABELS, STATUS_TONE
from ioc.kit import i18n
from ioc.web.components import TRACKS


def _page_config(client, path: str, lang: str) -> dict:
    html = client.get(path, params={"lang": lang}).text
    block = re.search(r'<script type="application/json" id="ioc-page">(.*?)</script>', html, re.DOTALL)
    assert block, path
    return json.loads(block[1])


def test_every_page_carries_the_status_tables_of_the_python_side(client, province):
    for lang in ("vi", "en"):
        config = _page_config(client, "/login", lang)
        assert config["lang"] == lang
        status = config["status"]
        assert {k: (v["label"], v["tone"], v["icon"]) for k, v in status["track"].items()} == {
            k: (i18n.translate(label, lang), tone, icon) for k, (label, tone, icon) in TRACKS.items()
        }
        assert {k: (v["label"], v["tone"]) for k, v in status["feedback"].items()} == {
            k: (i18n.translate(STATUS_LABELS[k], lang), STATUS_TONE[k]) for k in STATUS_LABELS
        }
        assert {k: (v["label"], "chip-" + v["tone"]) for k, v in status["station"].items()} == {
            k: (i18n.translate(label, lang), chip) for k, (chip, label) in STATE_CHIPS.items()
        }
        assert [k for k, _ in sorted(status["track"].items(), key=lambda kv: kv[1]["order"])] == list(TRACKS)


def test_the_shared_texts_are_translated(client, province):
    assert _page_config(client, "/login", "en")["texts"]["cập nhật {n} phút trước"] == "updated {n} min ago"
    assert _page_config(client, "/phan-anh", "vi")["texts"]["vừa cập nhật"] == "vừa cập nhật"


def test_a_text_that_would_close_the_script_block_stays_inside_it(client, province):
    html = client.get("/login").text
    block = html.split('id="ioc-page">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block  # tojson escapes <, > and & so no value can end the block early
