"""What intake refuses, the same way through the native API (JSON and form) and Open311, with nothing stored:
an unknown or inactive category (one error), photo bombs and too many photos (before decoding), numbers that are
not numbers, and points outside the province."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from ioc.feedback.models import Photo, Report
from tests.feedback.conftest import HAI_CHAU, jpeg_with_gps

UNKNOWN = "unknown or inactive category 'KHONG_CO'"
TOO_MANY_PIXELS = "the image has too many pixels; at most 24,000,000"
POTHOLE = {
    "code": "O_GA",
    "group": "Hạ tầng giao thông",
    "name": "Ổ gà, hư hỏng mặt đường",
    "default_agency_code": "SO_XD",
}


def _nothing_stored(db, settings) -> None:
    assert db.scalar(select(func.count()).select_from(Report)) == 0
    assert db.scalar(select(func.count()).select_from(Photo)) == 0
    folder = Path(settings.media_dir) / "feedback"
    assert not folder.exists() or not any(folder.iterdir())


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 6000, *, corrupt_pixels: bool = False) -> bytes:
    """A one-colour RGB PNG: a few hundred kilobytes that decode to side × side × 3 bytes (108 MB for 6000)."""
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (side * 3)  # filter byte, then black pixels
    pixels = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    if corrupt_pixels:  # decoding would fail: a refusal naming the pixel count proves nothing was decoded
        pixels = b"\xde\xad" * (len(pixels) // 2)
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def _native(client, photos, **fields):
    data = {"category_code": "O_GA", "lat": str(HAI_CHAU[0]), "lon": str(HAI_CHAU[1])} | fields
    return client.post(
        "/api/v1/feedback/reports",
        data=data,
        files=[("photo", (f"p{i}.png", body, "image/png")) for i, body in enumerate(photos)],
    )


def _open311(client, api_key, photos=(), **fields):
    data = {"api_key": api_key, "service_code": "O_GA", "lat": str(HAI_CHAU[0]), "long": str(HAI_CHAU[1])} | fields
    files = [("media", (f"m{i}.png", body, "image/png")) for i, body in enumerate(photos)] or None
    return client.post("/open311/v2/requests.json", data=data, files=files)


def test_unknown_or_inactive_category_is_one_error_in_both_apis(client, feedback, db, settings, make_user, api_key):
    _, admin = make_user("admin")
    json_post = client.post(
        "/api/v1/feedback/reports", json={"category_code": "KHONG_CO", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}
    )
    form_post = _native(client, [], category_code="KHONG_CO")
    rule = client.put(
        "/api/v1/feedback/rules",
        headers=admin,
        json={"category_code": "KHONG_CO", "area_code": "*", "agency_code": "SO_XD"},
    )
    for res in (json_post, form_post, rule):
        assert res.status_code == 422, res.text
        problem = res.json()
        assert problem["type"].endswith("/unknown-category") and problem["status"] == 422
        assert problem["errors"] == [{"field": "category_code", "message": UNKNOWN}]
    off = client.put("/api/v1/feedback/categories/O_GA", headers=admin, json=POTHOLE | {"active": False})
    assert off.status_code == 200, off.text
    inactive = client.post(
        "/api/v1/feedback/reports", json={"category_code": "O_GA", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}
    )
    assert inactive.status_code == 422 and inactive.json()["type"].endswith("/unknown-category")
    assert inactive.json()["errors"] == [{"field": "category_code", "message": UNKNOWN.replace("KHONG_CO", "O_GA")}]
    for res in (_open311(client, api_key, service_code="KHONG_CO"), client.get("/open311/v2/services/KHONG_CO.json")):
        assert res.status_code == 404 and res.json() == [{"code": 404, "description": f"service_code: {UNKNOWN}"}]
    xml = client.get("/open311/v2/services/O_GA.xml")  # inactive now
    assert xml.status_code == 404 and ET.fromstring(xml.content).find("error/description").text.startswith(
        "service_code: unknown or inactive category"
    )
    _nothing_stored(db, settings)


def test_a_photo_bomb_is_refused_from_its_header(client, feedback, db, settings, api_key):
    bomb = png_bomb()
    assert len(bomb) < 200_000
    for photos in ([bomb], [png_bomb(corrupt_pixels=True)], [bomb] * 5):
        res = _native(client, photos)
        assert res.status_code == 422, res.text
        assert res.json()["errors"] == [{"field": "photo", "message": TOO_MANY_PIXELS}]
    res = _open311(client, api_key, [bomb] * 5)
    assert res.status_code == 400 and res.json() == [{"code": 400, "description": f"media: {TOO_MANY_PIXELS}"}]
    _nothing_stored(db, settings)


def test_a_sixth_photo_is_refused_before_any_is_read(client, feedback, db, settings, api_key):
    not_images = [b"%PDF-1.4 not an image at all"] * 6  # reading or decoding any of them would fail differently
    res = _native(client, not_images)
    assert res.status_code == 422 and res.json()["errors"] == [
        {"field": "photo", "message": "at most 5 photos; 6 were sent"}
    ]
    res = _open311(client, api_key, [png_bomb()] * 6)
    assert res.status_code == 400 and res.json()[0]["description"] == "media: at most 5 photos; 6 were sent"
    settings.set_section(feedback.model_copy(update={"max_photo_bytes": 10_000}))
    res = _native(client, [jpeg_with_gps((32, 32)), b"\xff" * 10_001])
    assert res.status_code == 422 and "10,001 bytes; the limit is 10,000" in res.json()["errors"][0]["message"]
    _nothing_stored(db, settings)


def test_a_large_phone_photo_is_kept_and_scaled(client, feedback, db, settings):
    photo = io.BytesIO()
    Image.new("RGB", (4000, 3000), (40, 120, 200)).save(photo, format="JPEG", quality=80)
    res = _native(client, [photo.getvalue()])
    assert res.status_code == 201, res.text
    row = db.scalar(select(Photo))
    assert (row.width, row.height) == (4000, 3000)
    folder = Path(settings.media_dir) / "feedback"
    assert Image.open(folder / f"{row.stem}.public.jpg").size == (1600, 1200)
    assert max(Image.open(folder / f"{row.stem}.thumb.jpg").size) == 360


def test_numbers_must_be_numbers(client, feedback, db, settings, api_key):
    for body in (
        {"lat": True, "lon": HAI_CHAU[1]},
        {"lat": HAI_CHAU[0], "lon": False},
        {"lat": "15.7", "lon": 108.0},
        {"lat": HAI_CHAU[0], "lon": HAI_CHAU[1], "share_with_agency": "yes"},
    ):
        res = client.post("/api/v1/feedback/reports", json={"category_code": "O_GA"} | body)
        assert res.status_code == 422, (body, res.text)
        assert res.json()["errors"][0]["field"] in body and "valid" in res.json()["errors"][0]["message"]
    for fields, name in (({"lat": "true"}, "lat"), ({"lon": "nan"}, "lon"), ({"lat": "inf"}, "lat")):
        res = _native(client, [], **fields)
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == name, (fields, res.text)
    for fields, name in (({"lat": "true"}, "lat"), ({"long": "false"}, "long"), ({"long": "1e999"}, "long")):
        res = _open311(client, api_key, **fields)
        assert res.status_code == 400 and res.json()[0]["description"].startswith(f"{name}: not a number"), res.text
    numbered = {"category_code": "DEN_DUONG", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1], "attributes": {"so_den": True}}
    res = client.post("/api/v1/feedback/reports", json=numbered)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "attribute[so_den]"
    _nothing_stored(db, settings)


def test_points_outside_the_province_are_refused(client, feedback, db, settings, api_key):
    for lat, lon in ((0.0, 0.0), (10.7769, 106.7009), (HAI_CHAU[0], 0)):  # the Gulf of Guinea, Hồ Chí Minh City
        res = client.post("/api/v1/feedback/reports", json={"category_code": "O_GA", "lat": lat, "lon": lon})
        assert res.status_code == 422, res.text
        assert [e["field"] for e in res.json()["errors"]] == ["lat", "lon"]
        assert all("outside the province" in e["message"] for e in res.json()["errors"])
        form = _native(client, [], lat=str(lat), lon=str(lon))
        assert form.status_code == 422 and "outside the province" in form.json()["detail"]
        posted = _open311(client, api_key, lat=str(lat), long=str(lon))
        assert posted.status_code == 400
        assert [e["description"].split(":")[0] for e in posted.json()] == ["lat", "long"]
        assert "outside the province" in posted.json()[0]["description"]
    _nothing_stored(db, settings)


def test_a_citizen_page_reads_the_refusal_in_vietnamese(client, feedback, db, settings):
    vi = {"Accept-Language": "vi"}  # what the citizen form's script sends
    data = {"category_code": "O_GA", "lat": str(HAI_CHAU[0]), "lon": str(HAI_CHAU[1])}
    files = [("photo", (f"p{i}.png", b"%PDF-1.4", "image/png")) for i in range(6)]
    res = client.post("/api/v1/feedback/reports", data=data, files=files, headers=vi)
    assert res.status_code == 422
    assert res.json()["detail"] == "photo: tối đa 5 ảnh; đã gửi 6" and res.json()["title"] == "Dữ liệu không hợp lệ"
    res = client.post("/api/v1/feedback/reports", data={"lat": str(HAI_CHAU[0])}, headers=vi)
    detail = res.json()["detail"]
    assert res.status_code == 422 and "bắt buộc" in detail and "Field required" not in detail
    _nothing_stored(db, settings)
