"""The six sectors as data: one entry each, read by the one dashboard template (docs/sectors.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chart:
    """A chart over time: a sector figure (`fact:<metric>`) or an indicator of the catalogue (`kpi:<code>`)."""

    key: str
    label: str
    sources: tuple[str, ...]  # one line (or stack) per source
    period: str = "month"  # month | week | year
    split: bool = False  # a fact's dimensions as separate lines (land types, school levels...)
    unit: str = ""


@dataclass(frozen=True)
class Sector:
    """A sector: where its data comes from and how its dashboard is made."""

    code: str
    name: str
    icon: str
    summary: str
    layer_sector: str  # the layers' `sector` value
    facility_kinds: tuple[str, ...]
    kpis: tuple[str, ...]
    charts: tuple[Chart, ...]
    ranking: str  # the fact metric wards are ranked by over twelve months
    ranking_label: str
    event_categories: tuple[str, ...] = ()
    event_subs: tuple[str, ...] = ()  # when set, only these sub-categories
    incident_kinds: tuple[str, ...] = ()
    feedback_categories: tuple[str, ...] = ()
    restricted: bool = False  # event and incident details only for roles that may see them
    dims: dict[str, str] = field(default_factory=dict)  # labels of a fact's dimensions
    calendar: tuple[str, ...] = ()  # the kinds of dated happenings its calendar lists (CALENDAR_KINDS)


SCHOOL_LEVELS = {"mam_non": "Mầm non", "tieu_hoc": "Tiểu học", "thcs": "THCS", "thpt": "THPT"}
LAND_TYPES = {
    "LUA": "Đất trồng lúa",
    "CLN": "Đất trồng cây lâu năm",
    "ONT": "Đất ở tại nông thôn",
    "ODT": "Đất ở tại đô thị",
    "SKC": "Đất cơ sở sản xuất phi nông nghiệp",
    "DGT": "Đất giao thông",
}
VIOLATIONS = {"toc_do": "Quá tốc độ", "den_do": "Vượt đèn đỏ", "nong_do_con": "Nồng độ cồn", "lan_lan": "Sai làn đường"}
SECURITY_TYPES = {"robbery": "Cướp giật, trộm cắp", "assault": "Gây rối, đánh nhau", "civilDisorder": "Mất trật tự",
                  "suspiciousAction": "Hành vi đáng ngờ", "buildingFire": "Cháy, nổ"}  # fmt: skip
LAND_VIOLATIONS = {"xay_dung": "Xây dựng trái phép, sai phép", "lan_chiem": "Lấn chiếm đất công"}
CALENDAR_KINDS = {"festival": "Lễ hội", "fair": "Hội chợ, triển lãm", "sport": "Sự kiện thể thao"}
DISEASES = {"dengue": "Sốt xuất huyết", "hfmd": "Tay chân miệng"}

SECTORS: dict[str, Sector] = {
    s.code: s
    for s in (
        Sector(
            "traffic", "An toàn giao thông", "map", "Tai nạn, vi phạm, ùn tắc theo đoạn đường và xã, phường.",
            "traffic", ("camera",), ("TRAFFIC_ACCIDENTS", "TRAFFIC_DEATHS", "TRAFFIC_INJURIES", "BUS_PASSENGERS"),
            (Chart("accidents", "Tai nạn, người chết, người bị thương theo tháng",
                   ("fact:accidents", "fact:deaths", "fact:injuries")),
             Chart("violations", "Vi phạm theo loại", ("fact:violations",), split=True)),
            "accidents", "Số vụ tai nạn 12 tháng", event_categories=("traffic",),
            incident_kinds=("traffic_accident",), feedback_categories=("O_GA", "TIN_HIEU_GT", "DEN_DUONG"),
            dims=VIOLATIONS | {"khac": "Vi phạm khác"},  # "khac": a camera violation of another kind
        ),
        Sector(
            "security", "An ninh, trật tự", "shield", "Tin báo 113, camera, sự cố và phản ánh an ninh trật tự.",
            "security", ("police_post", "fire_station", "camera"),
            ("CRIMES", "CRIMES_SOLVED_RATE", "FIRES", "DRUG_CASES"),
            (Chart("reports", "Tin báo 113 và camera theo loại", ("fact:security_events",), split=True),
             Chart("police", "Số liệu công an hằng tháng", ("kpi:CRIMES", "kpi:FIRES", "kpi:DRUG_CASES"))),
            "security_events", "Số tin báo 12 tháng", event_categories=("security",),
            incident_kinds=("public_order", "fire"), feedback_categories=("ANTT",), restricted=True,
            dims=SECURITY_TYPES,
        ),
        Sector(
            "land", "Đất đai, quy hoạch", "building", "Quy hoạch, thống kê sử dụng đất, vi phạm đất đai và xây dựng.",
            "land", (), ("LAND_CERTIFICATES", "BUILDING_PERMITS", "LAND_RECOVERED", "PLANNING_COVERAGE"),
            (Chart("land_use", "Diện tích theo loại đất (ha)", ("fact:land_area",), period="year", split=True,
                   unit="ha"),
             Chart("violations", "Vi phạm đất đai, xây dựng", ("fact:land_violations",), split=True)),
            "land_violations", "Số vi phạm 12 tháng", feedback_categories=("XAY_DUNG", "LAN_CHIEM"),
            dims=LAND_TYPES | LAND_VIOLATIONS,
        ),
        Sector(
            "health", "Y tế", "info", "Bệnh viện, trạm y tế, giường bệnh, dịch bệnh theo tuần.",
            "health", ("hospital", "commune_health_station"),
            ("HEALTH_INSURANCE", "VACCINATION", "HOSPITAL_BEDS_PER_10K", "HOSPITAL_VISITS"),
            (Chart("diseases", "Ca sốt xuất huyết, tay chân miệng theo tuần", ("fact:dengue", "fact:hfmd"),
                   period="week"),
             Chart("occupancy", "Công suất giường bệnh (%)", ("fac:hospital",), unit="%")),
            "dengue", "Ca sốt xuất huyết 12 tháng", event_categories=("health",),
            feedback_categories=("ATTP",), dims=DISEASES,
        ),
        Sector(
            "education", "Giáo dục", "users", "Trường theo cấp học, học sinh, tốt nghiệp.",
            "education", ("school",), ("SCHOOLS_STANDARD", "ENROLMENT_PRIMARY", "ENROLMENT_SECONDARY",
                                       "GRADUATION_RATE"),
            (Chart("enrolment", "Học sinh theo cấp học", ("fact:pupils",), period="year", split=True),
             Chart("graduation", "Tốt nghiệp THPT", ("fact:candidates", "fact:graduates"), period="year")),
            "pupils", "Số học sinh năm học gần nhất", dims=SCHOOL_LEVELS,
        ),
        Sector(
            "tourism", "Du lịch", "leaf", "Điểm du lịch, lưu trú, lượt khách, mật độ khách tại điểm.",
            "tourism", ("tourist_site", "hotel"),
            ("TOURIST_ARRIVALS", "TOURIST_INTERNATIONAL", "TOURISM_REVENUE", "HOTEL_OCCUPANCY"),
            (Chart("visitors", "Lượt khách tại các điểm du lịch", ("fact:visitors",)),
             Chart("arrivals", "Lượt khách (nghìn lượt)", ("kpi:TOURIST_ARRIVALS", "kpi:TOURIST_INTERNATIONAL",
                                                         "kpi:TOURIST_OVERNIGHT")),
             Chart("revenue", "Doanh thu (tỷ đồng) và công suất buồng (%)", ("kpi:TOURISM_REVENUE",
                                                                            "kpi:HOTEL_OCCUPANCY"))),
            "visitors", "Lượt khách tại điểm 12 tháng", event_categories=("traffic",), event_subs=("crowdRisk",),
            calendar=("festival", "fair", "sport"),
        ),
    )
}  # fmt: skip
FACT_LABELS = {
    "accidents": "Số vụ tai nạn",
    "deaths": "Số người chết",
    "injuries": "Số người bị thương",
    "violations": "Vi phạm",
    "security_events": "Tin báo",
    "land_area": "Diện tích",
    "land_violations": "Vi phạm đất đai",
    "dengue": "Sốt xuất huyết",
    "hfmd": "Tay chân miệng",
    "bed_occupancy": "Công suất giường",
    "pupils": "Học sinh",
    "candidates": "Thí sinh dự thi",
    "graduates": "Tốt nghiệp",
    "visitors": "Lượt khách",
}
OUTBREAK_THRESHOLD = 20  # weekly dengue or hand-foot-mouth cases in one ward that make an outbreak signal


def get(code: str) -> Sector | None:
    """The sector of a code, or None."""
    return SECTORS.get(code)
