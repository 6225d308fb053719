"""Nothing personal leaks to the public, Open311 or the agency; photos are checked, stripped and guarded."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from ioc.feedback.models import Photo, Report
from tests.feedback.conftest import HAI_CHAU, REPORTER, jpeg_with_gps

SECRETS = [REPORTER["name"], REPORTER["email"], REPORTER["phone"], REPORTER["device_id"], "Bí Mật", "0905123456"]


def _file_with_photo(client, consent=False, category="O_GA"):
    fields = {
        "category_code": category,
        "description": "Ổ gà sâu",
        "lat": str(HAI_CHAU[0]),
        "lon": str(HAI_CHAU[1]),
        "name": REPORTER["name"],
        "email": REPORTER["email"],
        "phone": REPORTER["phone"],
        "device_id": REPORTER["device_id"],
        "share_with_agency": "on" if consent else "",
    }
    res = client.post(
        "/api/v1/feedback/reports", data=fields, files=[("photo", ("anh.jpg", jpeg_with_gps(), "image/jpeg"))]
    )
    assert res.status_code == 201, res.text
    return res.json()


def _assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


def test_no_personal_data_in_public_open311_or_agency_answers(client, feedback, make_user, api_key):
    created = _file_with_photo(client)
    rid, code = created["id"], created["tracking_code"]
    client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": api_key,
            "service_code": "O_GA",
            "lat": HAI_CHAU[0],
            "long": HAI_CHAU[1],
            "email": REPORTER["email"],
            "first_name": "Nguyễn Thị",
            "last_name": "Bí Mật",
            "phone": REPORTER["phone"],
            "device_id": REPORTER["device_id"],
        },
    )
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    for action in ({"action": "verify"}, {"action": "assign"}):
        client.post(f"/api/v1/feedback/reports/{rid}/actions", json=action, headers=operator)
    public_urls = [
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{rid}.json",
        f"/open311/v2/requests/{rid}.xml",
        "/open311/v2/requests.json?extensions=true",
        "/open311/v2/requests.xml?extensions=true",
        "/open311/v2/servicerequestupdates.json",
        "/open311/v2/servicerequestupdates.xml",
        "/api/v1/feedback/public/reports",
        "/api/v1/feedback/public/geojson",
        f"/api/v1/feedback/track/{code}",
        "/phan-anh/cong-khai",
        f"/phan-anh/theo-doi/{code}",
    ]
    for url in public_urls:
        res = client.get(url)
        assert res.status_code == 200, (url, res.text[:200])
        _assert_clean(res.text, url)
    for url in [
        "/api/v1/feedback/reports",
        f"/api/v1/feedback/reports/{rid}",
        "/api/v1/feedback/map",
        "/api/v1/feedback/stats",
        "/api/v1/feedback/stats/export.csv",
    ]:
        res = client.get(url, headers=officer)
        assert res.status_code == 200, url
        _assert_clean(res.text, f"agency {url}")
        assert code not in res.text, f"the tracking code leaked to the agency in {url}"
    staff = client.get(f"/api/v1/feedback/reports/{rid}", headers=operator).json()
    assert staff["reporter"]["email"] == REPORTER["email"] and staff["reporter"]["phone"] == REPORTER["phone"]


def test_agency_sees_reporter_only_with_consent(client, feedback, make_user):
    created = _file_with_photo(client, consent=True)
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    for action in ({"action": "verify"}, {"action": "assign"}):
        client.post(f"/api/v1/feedback/reports/{created['id']}/actions", json=action, headers=operator)
    seen = client.get(f"/api/v1/feedback/reports/{created['id']}", headers=officer).json()
    assert seen["reporter"]["email"] == REPORTER["email"]


def test_photo_variants_exif_stripped_and_access(client, feedback, make_user, db, settings):
    created = _file_with_photo(client, category="ANTT")
    photo = db.scalar(select(Photo))
    assert photo.content_type == "image/jpeg"
    folder = Path(settings.media_dir) / "feedback"
    original = Image.open(folder / f"{photo.stem}.original.jpg")
    assert original.getexif().get_ifd(0x8825), "the private original keeps its GPS block"
    public_bytes = (folder / f"{photo.stem}.public.jpg").read_bytes()
    public = Image.open(io.BytesIO(public_bytes))
    assert not public.getexif().get_ifd(0x8825) and 0x010F not in public.getexif()
    assert b"PhoneMaker" not in public_bytes
    thumb = Image.open(folder / f"{photo.stem}.thumb.jpg")
    assert max(thumb.size) <= 360
    base = f"/api/v1/feedback/photos/{photo.id}"
    # ANTT is a private category: only staff, its agency, or the tracking code holder see the photo.
    assert client.get(f"{base}/public").status_code == 404
    assert client.get(f"{base}/public?code={created['tracking_code']}").status_code == 200
    assert client.get(f"{base}/original?code={created['tracking_code']}").status_code == 404
    _, operator = make_user("operator")
    _, outsider = make_user("agency_officer", agency="SO_YT")
    assert client.get(f"{base}/original", headers=operator).content[:2] == b"\xff\xd8"
    assert client.get(f"{base}/thumb", headers=outsider).status_code == 404


def test_bad_photos_are_refused_and_nothing_is_half_created(client, feedback, db, settings, monkeypatch):
    fields = {"category_code": "O_GA", "lat": str(HAI_CHAU[0]), "lon": str(HAI_CHAU[1])}
    not_image = client.post(
        "/api/v1/feedback/reports", data=fields, files=[("photo", ("x.jpg", b"%PDF-1.4 not an image", "image/jpeg"))]
    )
    assert not_image.status_code == 422 and not_image.json()["errors"][0]["field"] == "photo"
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    refused = client.post(
        "/api/v1/feedback/reports", data=fields, files=[("photo", ("x.gif", gif.getvalue(), "image/jpeg"))]
    )
    assert refused.status_code == 422 and "GIF" in refused.json()["detail"]
    settings.set_section(feedback.model_copy(update={"max_photo_bytes": 1000}))
    big = client.post(
        "/api/v1/feedback/reports", data=fields, files=[("photo", ("x.jpg", jpeg_with_gps((400, 400)), "image/jpeg"))]
    )
    assert big.status_code == 422 and "limit" in big.json()["detail"]
    settings.set_section(feedback)
    too_long = client.post(
        "/api/v1/feedback/reports",
        data=fields | {"description": "ư" * 4001},
        files=[("photo", ("x.jpg", jpeg_with_gps(), "image/jpeg"))],
    )
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "description"
    assert db.scalar(select(func.count()).select_from(Report)) == 0
    assert db.scalar(select(func.count()).select_from(Photo)) == 0
    folder = Path(settings.media_dir) / "feedback"
    assert not folder.exists() or not any(folder.iterdir())


def test_photo_files_removed_when_the_transaction_fails(client, feedback, db, settings, monkeypatch):
    from ioc.feedback import notify

    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(notify, "status_changed", explode)
    fields = {"category_code": "O_GA", "lat": str(HAI_CHAU[0]), "lon": str(HAI_CHAU[1])}
    with_photo = [("photo", ("x.jpg", jpeg_with_gps(), "image/jpeg"))]
    from fastapi.testclient import TestClient

    with TestClient(client.app, raise_server_exceptions=False) as quiet:
        assert quiet.post("/api/v1/feedback/reports", data=fields, files=with_photo).status_code == 500
    folder = Path(settings.media_dir) / "feedback"
    assert not folder.exists() or not any(folder.iterdir())
    assert db.scalar(select(func.count()).select_from(Report)) == 0
