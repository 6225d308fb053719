"""CAP 1.2 output: each message valid against the CAP 1.2 schema, Update/Cancel referencing the original,
and an Atom index a standard parser reads."""

from __future__ import annotations

import re
from xml.dom import minidom
from xml.etree import ElementTree as ET

from tests.public_warnings.xsd import validate

CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"


def _issue(client, op, body, **over) -> dict:
    w = client.post("/api/v1/warnings", json=body(**over), headers=op).json()
    return client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op).json()


def test_a_published_warning_is_a_valid_cap_alert_in_two_languages(client, make_user, body):
    _, op = make_user("operator")
    w = _issue(client, op, body)
    res = client.get(f"/cap/{w['identifier']}.xml")  # anonymous
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/cap+xml")
    assert "max-age" in res.headers["cache-control"]
    assert validate(res.content) == []
    root = ET.fromstring(res.content)
    assert root.findtext(f"{CAP}identifier") == w["identifier"]
    assert root.findtext(f"{CAP}msgType") == "Alert" and root.findtext(f"{CAP}scope") == "Public"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", root.findtext(f"{CAP}sent"))
    infos = root.findall(f"{CAP}info")
    assert [i.findtext(f"{CAP}language") for i in infos] == ["vi-VN", "en-US"]
    assert infos[0].findtext(f"{CAP}headline") == "Không khí kém"
    area = infos[0].find(f"{CAP}area")
    assert area.findtext(f"{CAP}areaDesc")
    for ring in area.findall(f"{CAP}polygon"):
        pairs = ring.text.split()
        assert pairs[0] == pairs[-1] and len(pairs) >= 4
        lat, lon = map(float, pairs[0].split(","))
        assert 8 < lat < 24 and 102 < lon < 110  # lat first, in Viet Nam


def test_update_and_cancel_reference_the_original(client, make_user, body, wards):
    _, op = make_user("operator")
    w = _issue(client, op, body)
    client.patch(f"/api/v1/warnings/{w['id']}", json={"severity": "Extreme"}, headers=op)
    done = client.post(f"/api/v1/warnings/{w['id']}/cancel", json={"note": "Hết nguy cơ"}, headers=op).json()
    original = ET.fromstring(client.get(f"/cap/{w['identifier']}.xml").content)
    assert original.findtext(f"{CAP}msgType") == "Alert"  # the original stays as it was sent
    ref_original = ",".join(original.findtext(f"{CAP}{t}") for t in ("sender", "identifier", "sent"))
    update_id, cancel_id = done["messages"][1]["identifier"], done["messages"][2]["identifier"]
    for ident, kind in ((update_id, "Update"), (cancel_id, "Cancel")):
        xml = client.get(f"/cap/{ident}.xml").content
        assert validate(xml) == [], ident
        msg = ET.fromstring(xml)
        assert msg.findtext(f"{CAP}msgType") == kind
        assert ref_original in msg.findtext(f"{CAP}references").split()
    cancel = ET.fromstring(client.get(f"/cap/{cancel_id}.xml").content)
    assert cancel.findtext(f"{CAP}note") == "Hết nguy cơ"


def test_the_validator_refuses_broken_messages(client, make_user, body):
    _, op = make_user("operator")
    w = _issue(client, op, body)
    xml = client.get(f"/cap/{w['identifier']}.xml").content.decode()
    assert validate(xml.replace(">Public<", ">Everyone<").encode())
    assert validate(re.sub(r"(<sent>[^<]+)\+07:00", r"\1", xml).encode())
    assert validate(xml.replace("<scope>Public</scope>", "").encode())


def test_the_atom_index_lists_warnings_in_force_and_cancellations(client, make_user, body):
    _, op = make_user("operator")
    live = _issue(client, op, body)
    gone = _issue(client, op, body)
    client.post(f"/api/v1/warnings/{gone['id']}/cancel", headers=op)
    client.post("/api/v1/warnings", json=body(), headers=op)  # a draft is not public
    res = client.get("/cap/alerts.atom")
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/atom+xml")
    doc = minidom.parseString(res.content)  # a standard XML parser reads it
    feed = ET.fromstring(res.content)
    assert feed.tag == f"{ATOM}feed" and doc.documentElement.namespaceURI == ATOM[1:-1]
    links = [e.find(f"{ATOM}link") for e in feed.findall(f"{ATOM}entry")]
    assert all(link.get("type") == "application/cap+xml" for link in links)
    paths = sorted("/" + link.get("href").split("/", 3)[3] for link in links)
    assert paths == sorted([f"/cap/{live['identifier']}.xml", f"/cap/{gone['identifier']}.2.xml"])
    kinds = set()
    for path in paths:
        xml = client.get(path).content
        assert validate(xml) == []
        kinds.add(ET.fromstring(xml).findtext(f"{CAP}msgType"))
    assert kinds == {"Alert", "Cancel"}  # a reader of the feed learns of the cancellation


def test_unknown_identifier_is_404(client):
    assert client.get("/cap/vn.ioc.none.w1.xml").status_code == 404
