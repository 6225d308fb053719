"""The per-process catalog (categories, routing rules, agencies) that intake reads, and SQLite's intake turn:
an admin's change is seen by the very next report, another process's change within the TTL, an uncommitted or
rolled-back change by nobody else; an unknown or inactive category is one error in both APIs; the turn is always
given back."""

from __future__ import annotations

from sqlalchemy import select, text, update

from ioc.areas import service as areas_service
from ioc.auth.principal import SYSTEM
from ioc.feedback import catalog, categories, intake
from ioc.feedback.models import Category, Report
from ioc.feedback.schemas import CategoryIn, ReportIn
from ioc.kit.models import OutboxMessage
from tests.feedback.conftest import HAI_CHAU

POTHOLE = {
    "code": "O_GA",
    "group": "Hạ tầng giao thông",
    "name": "Ổ gà, hư hỏng mặt đường",
    "urgency": "normal",
    "default_agency_code": "SO_XD",
    "attributes": [],
}


def _post(client, api_key, code="O_GA", **extra):
    return client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": api_key,
            "service_code": code,
            "lat": str(HAI_CHAU[0]),
            "long": str(HAI_CHAU[1]),
            "description": "Ổ gà trước nhà số 12",
            "email": "dan@example.vn",
            **extra,
        },
    )


def _agency(db, res) -> str | None:
    assert res.status_code == 200, res.text
    db.expire_all()
    return db.get(Report, int(res.json()[0]["service_request_id"])).agency_code


def test_category_edited_by_an_admin_is_seen_by_the_next_post(client, feedback, db, make_user, api_key):
    _, admin = make_user("admin")
    assert _agency(db, _post(client, api_key)) == "SO_XD"  # the catalog is loaded and cached now
    res = client.put("/api/v1/feedback/categories/O_GA", headers=admin, json=POTHOLE | {"default_agency_code": "SO_TC"})
    assert res.status_code == 200, res.text
    assert _agency(db, _post(client, api_key)) == "SO_TC"
    res = client.put("/api/v1/feedback/categories/O_GA", headers=admin, json=POTHOLE | {"active": False})
    assert res.status_code == 200, res.text
    gone = _post(client, api_key)
    assert gone.status_code == 404 and gone.json() == [
        {"code": 404, "description": "service_code: unknown or inactive category 'O_GA'"}
    ]
    assert client.put("/api/v1/feedback/categories/O_GA", headers=admin, json=POTHOLE).status_code == 200
    assert _agency(db, _post(client, api_key)) == "SO_XD"
    # A new category with a required question: accepted at once, and its question enforced at once.
    new = {
        "code": "CHO_TAM",
        "name": "Chợ tạm lấn chiếm lòng đường",
        "default_agency_code": "CONG_AN",
        "attributes": [
            {
                "code": "gio",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "Giờ họp",
                "values": [{"key": "sang", "name": "Sáng"}, {"key": "chieu", "name": "Chiều"}],
            }
        ],
    }
    assert client.put("/api/v1/feedback/categories/CHO_TAM", headers=admin, json=new).status_code == 200
    assert _post(client, api_key, "CHO_TAM").status_code == 400
    assert _agency(db, _post(client, api_key, "CHO_TAM", **{"attribute[gio]": "sang"})) == "CONG_AN"


def test_rules_put_and_deleted_by_an_admin_are_seen_by_the_next_post(client, feedback, db, make_user, api_key):
    _, admin = make_user("admin")
    ward = areas_service.locate_code(db, *HAI_CHAU)
    assert _agency(db, _post(client, api_key, "LAN_CHIEM")) == f"UBND_{ward}"
    rule = {"category_code": "LAN_CHIEM", "area_code": ward, "agency_code": "CONG_AN"}
    assert client.put("/api/v1/feedback/rules", headers=admin, json=rule).status_code == 200
    assert _agency(db, _post(client, api_key, "LAN_CHIEM")) == "CONG_AN"
    anywhere = {"category_code": "LAN_CHIEM", "area_code": "*", "agency_code": "SO_XD"}
    assert client.put("/api/v1/feedback/rules", headers=admin, json=anywhere).status_code == 200
    assert _agency(db, _post(client, api_key, "LAN_CHIEM")) == "CONG_AN"  # the ward's rule comes first
    assert client.delete(f"/api/v1/feedback/rules/LAN_CHIEM/{ward}", headers=admin).status_code == 204
    assert _agency(db, _post(client, api_key, "LAN_CHIEM")) == "SO_XD"
    assert client.delete("/api/v1/feedback/rules/LAN_CHIEM/*", headers=admin).status_code == 204
    assert _agency(db, _post(client, api_key, "LAN_CHIEM")) == f"UBND_{ward}"


def test_another_process_change_is_seen_within_the_ttl(feedback, db, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(catalog.time, "monotonic", lambda: clock[0])
    assert catalog.snapshot(db, ttl=2).categories["O_GA"].default_agency_code == "SO_XD"
    # Another process (another worker, `ioc import`) writes behind this process's back.
    db.execute(update(Category).where(Category.code == "O_GA").values(default_agency_code="SO_TC"))
    db.execute(
        text(
            "INSERT INTO feedback_routing_rules (category_code, area_code, agency_code) "
            "VALUES ('O_NHIEM', '*', 'SO_YT')"
        )
    )
    db.commit()
    clock[0] += 1.5
    assert catalog.snapshot(db, ttl=2).categories["O_GA"].default_agency_code == "SO_XD"  # still fresh enough
    clock[0] += 1.0
    snap = catalog.snapshot(db, ttl=2)
    assert snap.categories["O_GA"].default_agency_code == "SO_TC" and snap.rules[("O_NHIEM", "*")] == "SO_YT"
    assert catalog.snapshot(db, ttl=0) is not catalog.snapshot(db, ttl=0)  # 0: read every time


def test_uncommitted_or_rolled_back_changes_stay_private(app, feedback, db):
    other = app.state.session_factory()
    try:
        assert catalog.snapshot(other, 2).category("O_GA").urgency == "normal"
        categories.upsert_category(db, SYSTEM, CategoryIn(**(POTHOLE | {"urgency": "urgent"})))
        assert catalog.snapshot(db, 2).category("O_GA").urgency == "urgent"  # the writer reads its own rows
        other.rollback()
        assert catalog.snapshot(other, 2).category("O_GA").urgency == "normal"  # nobody else does before the commit
        db.rollback()
        other.rollback()
        assert catalog.snapshot(other, 2).category("O_GA").urgency == "normal"
        assert catalog.snapshot(db, 2).category("O_GA").urgency == "normal"
        categories.upsert_category(db, SYSTEM, CategoryIn(**(POTHOLE | {"urgency": "complex"})))
        db.commit()
        other.rollback()
        assert catalog.snapshot(other, 2).category("O_GA").urgency == "complex"
    finally:
        other.close()


def test_catalog_snapshot_cannot_be_changed_by_its_readers(feedback, db):
    info = catalog.snapshot(db, 2).category("NGAP_UNG")
    try:
        info.urgency = "urgent"
    except AttributeError:
        pass
    else:
        raise AssertionError("a CategoryInfo must be immutable")
    assert catalog.snapshot(db, 2).category("NGAP_UNG").urgency == info.urgency


def test_sqlite_turn_is_given_back_on_every_path(client, feedback, db, api_key, db_kind):
    for fields in (
        {"api_key": "ioc_wrong"},
        {"api_key": api_key, "service_code": "NOPE"},
        {"api_key": api_key, "attribute[kich_thuoc]": "huge"},
        {"api_key": api_key, "lat": "x"},
    ):
        res = _post(client, fields.pop("api_key"), **({"service_code": "O_GA"} | fields))
        assert res.status_code in (400, 403, 404), res.text
        assert not intake._sqlite_writer.locked()
    assert _post(client, api_key).status_code == 200
    assert not intake._sqlite_writer.locked()
    data = ReportIn(category_code="O_GA", lat=HAI_CHAU[0], lon=HAI_CHAU[1])
    report = intake.file_report(db, SYSTEM, data, feedback, media_dir="/tmp/ioc-test-media").report
    assert intake._sqlite_writer.locked() == (db_kind == "sqlite")  # held until this transaction ends
    db.rollback()
    assert not intake._sqlite_writer.locked()
    assert db.scalar(select(Report).where(Report.id == report.id)) is None


def test_new_report_mail_is_queued_once_with_its_own_key(client, feedback, db, api_key):
    res = _post(client, api_key)
    rid = res.json()[0]["service_request_id"]
    keys = db.scalars(select(OutboxMessage.dedupe_key)).all()
    assert keys == [f"feedback-mail-receive-{rid}-n0"]


def test_the_cache_lasts_as_long_as_the_feedback_settings_say(feedback, db, monkeypatch):
    from ioc.feedback.settings import FeedbackSettings

    monkeypatch.setattr(catalog.time, "monotonic", lambda: 1000.0)  # a stopped clock: no TTL runs out meanwhile
    monkeypatch.setenv("IOC_FEEDBACK_CACHE_SECONDS", "0")
    uncached = FeedbackSettings()
    assert uncached.cache_seconds == 0
    assert catalog.current(db, uncached) is not catalog.current(db, uncached)  # the tables are read every time
    assert catalog.current(db, feedback) is catalog.current(db, feedback)  # the default: kept for 2 seconds
