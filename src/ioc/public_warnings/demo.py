"""Demo warnings: bad air over some wards (published, then updated), a flood (published), one cancelled."""

from __future__ import annotations

from datetime import timedelta

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.public_warnings import repository, service
from ioc.public_warnings.schemas import WarningIn, WarningPatch

DEMO_ACTOR = Principal(kind="system", name="demo:canh-bao", role="admin")
AIR = {
    "category": "Env", "event": "Ô nhiễm không khí", "urgency": "Immediate", "severity": "Severe",
    "certainty": "Observed",
    "vi": {"headline": "Chất lượng không khí kém (AQI trên 150)",
           "description": "Chỉ số AQI giờ tại các trạm quan trắc vượt 150, mức có hại cho sức khỏe.",
           "instruction": "Hạn chế ra ngoài, đeo khẩu trang đạt chuẩn; người già, trẻ nhỏ ở trong nhà."},
    "en": {"headline": "Unhealthy air quality (AQI above 150)",
           "description": "Hourly AQI at the monitoring stations is above 150, unhealthy for everyone.",
           "instruction": "Limit time outdoors and wear a proper mask; elderly people and children stay indoors."},
}  # fmt: skip
FLOOD = {
    "category": "Met", "event": "Ngập lụt", "urgency": "Expected", "severity": "Moderate", "certainty": "Likely",
    "vi": {"headline": "Nguy cơ ngập do mưa lớn và triều cường",
           "description": "Mực nước sông đang lên, dự báo vượt báo động 2 trong đêm nay.",
           "instruction": "Kê cao đồ đạc, không đi qua đường ngập sâu, theo dõi thông báo của phường."},
    "en": {"headline": "Flood risk from heavy rain and high tide",
           "description": "River levels are rising and forecast above alarm level 2 tonight.",
           "instruction": "Move belongings up, avoid flooded roads, follow your ward's announcements."},
}  # fmt: skip
ROAD = {
    "category": "Transport", "event": "Cấm đường", "urgency": "Expected", "severity": "Minor",
    "certainty": "Observed",
    "vi": {"headline": "Tạm cấm đường để sửa cống", "description": "Đường bị rào chắn để sửa cống thoát nước."},
    "en": {"headline": "Road closed for drain repairs", "description": "The road is fenced off to repair a drain."},
}  # fmt: skip


def _issue(session, spec: dict, wards: list[str], start, hours: float) -> int:
    data = WarningIn(**spec, effective=start, expires=start + timedelta(hours=hours), area_codes=wards)
    made = service.create_warning(session, DEMO_ACTOR, data, now=start)
    service.publish_warning(session, DEMO_ACTOR, made["id"], now=start)
    return made["id"]


def seed(ctx) -> None:
    """Idempotent: an air warning (updated once), a flood warning and a cancelled road warning."""
    with unit_of_work(ctx.session_factory) as session:
        if repository.current(session, ctx.now) or repository.recent(session, ctx.now - timedelta(days=30)):
            return
        wards = [a.code for a in areas_service.with_boundaries(session, "ward")][:6]
        if len(wards) < 6:
            return
        now = ctx.now
        air = _issue(session, AIR, wards[:3], now - timedelta(hours=2), 24)
        wider = WarningPatch(area_codes=wards[:4])
        service.update_warning(session, DEMO_ACTOR, air, wider, now=now - timedelta(hours=1))
        _issue(session, FLOOD, wards[3:6], now - timedelta(minutes=30), 12)
        road = _issue(session, ROAD, wards[:1], now - timedelta(hours=5), 8)
        service.cancel_warning(session, DEMO_ACTOR, road, "Đã sửa xong, thông xe.", now=now - timedelta(hours=1))
