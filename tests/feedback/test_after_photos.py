"""The agency's "after" photos: resolving with them, refusing bad ones with nothing changed, showing them."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from ioc.auth.models import AuditEntry
from ioc.feedback.models import Photo, Report
from tests.feedback.conftest import filed_report, jpeg_with_gps


def _png(colour=(30, 160, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, format="PNG")
    return out.getvalue()


def _assigned(client, db, feedback, make_user, settings):
    """A citizen's report with a photo, verified and assigned to Sở Xây dựng; the officer's and operator's headers."""
    filed = filed_report(db, feedback, media_dir=settings.media_dir)
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    rid = filed.report.id
    for action in ({"action": "verify"}, {"action": "assign", "agency_code": "SO_XD"}):
        assert client.post(f"/api/v1/feedback/reports/{rid}/actions", json=action, headers=operator).status_code == 200
    return filed, operator, officer


def _resolve(client, rid, headers, files, reply="Đã vá ổ gà"):
    return client.post(
        f"/api/v1/feedback/reports/{rid}/resolution", data={"reply": reply}, files=files, headers=headers
    )


def test_officer_resolves_with_after_photos_shown_to_everyone(client, db, feedback, make_user, settings):
    filed, _, officer = _assigned(client, db, feedback, make_user, settings)
    rid, code = filed.report.id, filed.report.tracking_code
    files = [("photo", ("sau1.jpg", jpeg_with_gps(), "image/jpeg")), ("photo", ("sau2.png", _png(), "image/png"))]
    res = _resolve(client, rid, officer, files)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["status"] == "resolved" and body["public_reply"] == "Đã vá ổ gà"
    assert [p["kind"] for p in body["photos"]] == ["after", "after"]  # the citizen's report was filed without one
    db.expire_all()
    rows = db.scalars(select(Photo).where(Photo.report_id == rid).order_by(Photo.id)).all()
    assert [r.kind for r in rows] == ["after", "after"]
    public = client.get(f"/api/v1/feedback/photos/{rows[0].id}/public")
    assert public.status_code == 200 and b"GPS" not in public.content
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "feedback.report.after_photos")).all()
    assert len(audit) == 1 and audit[0].after["photos"] == 2
    # The public results, the FixMyStreet update of the resolution and the citizen's tracking page show it.
    items = client.get("/api/v1/feedback/public/reports").json()["items"]
    assert [i["after_media_url"] for i in items if i["id"] == rid] == [f"/api/v1/feedback/photos/{rows[0].id}/public"]
    updates = client.get("/open311/v2/servicerequestupdates.json").json()
    resolved = [u for u in updates if u["service_request_id"] == str(rid) and u["status"] == "FIXED"]
    assert resolved[0]["media_url"].endswith(f"/api/v1/feedback/photos/{rows[0].id}/public")
    page = client.get(f"/phan-anh/theo-doi/{code}")
    assert page.status_code == 200
    assert f"/api/v1/feedback/photos/{rows[0].id}/thumb" in page.text and "Ảnh sau khi xử lý" in page.text


def test_a_bad_after_photo_is_refused_and_nothing_changes(client, db, feedback, make_user, settings):
    filed, _, officer = _assigned(client, db, feedback, make_user, settings)
    rid = filed.report.id
    folder = Path(settings.media_dir) / "feedback"
    before = set(folder.glob("*")) if folder.exists() else set()
    good = ("photo", ("tot.png", _png(), "image/png"))
    for files in (
        [good, ("photo", ("hong.jpg", b"not an image at all", "image/jpeg"))],
        [good] * (feedback.max_photos + 1),
        [good, ("photo", ("cut.png", _png()[:60], "image/png"))],  # a truncated file shows only when decoded
    ):
        res = _resolve(client, rid, officer | {"Accept-Language": "vi"}, files)
        assert res.status_code == 422, res.text
        assert res.json()["errors"][0]["field"] == "photo"
    db.expire_all()
    assert db.get(Report, rid).status == "assigned" and db.get(Report, rid).public_reply == ""
    assert db.scalars(select(Photo).where(Photo.report_id == rid)).all() == []
    assert (set(folder.glob("*")) if folder.exists() else set()) == before


def test_officer_of_another_agency_and_citizens_are_refused(client, db, feedback, make_user, settings):
    filed, _, _ = _assigned(client, db, feedback, make_user, settings)
    rid = filed.report.id
    _, stranger = make_user("agency_officer", agency="SO_YT")
    files = [("photo", ("sau.png", _png(), "image/png"))]
    assert _resolve(client, rid, stranger, files).status_code == 404
    assert _resolve(client, rid, {}, files).status_code in (401, 403)
    db.expire_all()
    assert db.get(Report, rid).status == "assigned"
    assert db.scalars(select(Photo).where(Photo.report_id == rid)).all() == []


def test_operator_resolves_without_photos_and_a_reply_is_needed(client, db, feedback, make_user, settings):
    filed, operator, _ = _assigned(client, db, feedback, make_user, settings)
    rid = filed.report.id
    empty = _resolve(client, rid, operator, [], reply=" ")
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "reply"
    res = _resolve(client, rid, operator, [])
    assert res.status_code == 200 and res.json()["status"] == "resolved"
    again = _resolve(client, rid, operator, [("photo", ("sau.png", _png(), "image/png"))])
    assert again.status_code == 409


def test_a_truncated_photo_is_refused_after_a_briefing_was_printed(client, db, feedback, make_user, settings):
    # WeasyPrint, on import, makes Pillow accept truncated images for the whole process; photos must stay strict.
    from ioc.briefings import render

    render._weasyprint_html()
    filed, _, officer = _assigned(client, db, feedback, make_user, settings)
    files = [("photo", ("cut.png", _png()[:60], "image/png"))]
    res = _resolve(client, filed.report.id, officer | {"Accept-Language": "vi"}, files)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "photo", res.text


def test_the_public_results_and_the_citizen_app_show_the_after_photos(client, db, feedback, make_user, settings):
    filed, _, officer = _assigned(client, db, feedback, make_user, settings)
    rid = filed.report.id
    files = [("photo", ("sau1.jpg", jpeg_with_gps(), "image/jpeg")), ("photo", ("sau2.png", _png(), "image/png"))]
    assert _resolve(client, rid, officer, files).status_code == 200
    db.expire_all()
    ids = [p.id for p in db.scalars(select(Photo).where(Photo.report_id == rid).order_by(Photo.id))]
    item = next(i for i in client.get("/api/v1/feedback/public/reports").json()["items"] if i["id"] == rid)
    assert [p["thumb_url"] for p in item["after_photos"]] == [f"/api/v1/feedback/photos/{i}/thumb" for i in ids]
    assert item["public_reply"] == "Đã vá ổ gà" and item["status_label"] == "Đã xử lý"
    for url in (item["after_photos"][0]["thumb_url"], item["after_photos"][0]["public_url"]):
        photo = client.get(url)  # no account: the EXIF-free copies of a public report
        assert photo.status_code == 200 and b"GPS" not in photo.content and b"Exif" not in photo.content
    results = client.get("/phan-anh/cong-khai").text
    assert f'id="r{rid}"' in results and "Đã vá ổ gà" in results
    assert all(f"/api/v1/feedback/photos/{i}/thumb" in results for i in ids) and "/original" not in results
    app = client.get("/nguoi-dan/").text
    assert f'href="/phan-anh/cong-khai#r{rid}"' in app and f"/api/v1/feedback/photos/{ids[0]}/thumb" in app
    assert "/original" not in app
