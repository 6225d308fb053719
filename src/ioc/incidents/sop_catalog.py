"""The demo's standard operating procedures for five incident kinds (realistic Vietnamese steps)."""

from __future__ import annotations


def _step(title: str, title_en: str, due: int, role: str | None = None, agency: str | None = None, checklist=()):
    return {
        "title": title,
        "title_en": title_en,
        "role": role,
        "agency_code": agency,
        "due_minutes": due,
        "checklist": list(checklist),
    }


SOPS = {
    "traffic_accident": {
        "name": "Xử lý tai nạn giao thông",
        "name_en": "Traffic accident response",
        "lead_agency": "CONG_AN",
        "supporting_agencies": ["SO_YT", "SO_XD"],
        "steps": [
            _step("Xác minh thông tin qua camera và người báo", "Verify by camera and caller", 3, role="operator"),
            _step(
                "Điều động CSGT đến hiện trường",
                "Dispatch traffic police to the scene",
                10,
                agency="CONG_AN",
                checklist=["Tổ CSGT nhận lệnh", "Có mặt tại hiện trường"],
            ),
            _step(
                "Thông báo Trung tâm cấp cứu 115",
                "Call the 115 emergency centre",
                5,
                role="operator",
                checklist=["Số người bị thương", "Xe cấp cứu xuất phát"],
            ),
            _step("Cấp cứu, chuyển nạn nhân đến bệnh viện", "Treat and transfer the injured", 30, agency="SO_YT"),
            _step("Phân luồng, điều tiết giao thông", "Divert and direct traffic", 20, agency="CONG_AN"),
            _step("Giải phóng hiện trường, thông xe", "Clear the scene and reopen the road", 90, agency="CONG_AN"),
            _step("Báo cáo kết quả xử lý cho lãnh đạo", "Report to the leadership", 120, role="operator"),
        ],
    },
    "fire": {
        "name": "Chữa cháy và cứu nạn, cứu hộ",
        "name_en": "Fire fighting and rescue",
        "lead_agency": "CONG_AN",
        "supporting_agencies": ["SO_YT", "DIEN_LUC", "CAP_NUOC"],
        "steps": [
            _step("Tiếp nhận tin báo cháy, xác định địa điểm", "Take the fire call, locate it", 2, role="operator"),
            _step(
                "Điều động lực lượng Cảnh sát PCCC & CNCH (114)",
                "Dispatch fire and rescue (114)",
                5,
                agency="CONG_AN",
                checklist=["Số xe chữa cháy", "Xe thang", "Đội cứu nạn"],
            ),
            _step(
                "Đề nghị Điện lực cắt điện khu vực cháy", "Ask the power company to cut power", 10, agency="DIEN_LUC"
            ),
            _step("Bảo đảm nguồn nước chữa cháy", "Secure water for fire fighting", 15, agency="CAP_NUOC"),
            _step("Thông báo Trung tâm cấp cứu 115", "Call the 115 emergency centre", 5, role="operator"),
            _step(
                "Sơ tán người dân, lập vành đai an toàn",
                "Evacuate residents, set a safety perimeter",
                20,
                agency="CONG_AN",
            ),
            _step("Khống chế, dập tắt đám cháy", "Contain and put out the fire", 60, agency="CONG_AN"),
            _step("Thống kê thiệt hại, báo cáo lãnh đạo", "Assess damage and report", 180, role="operator"),
        ],
    },
    "flood": {
        "name": "Ứng phó ngập lụt đô thị",
        "name_en": "Urban flood response",
        "lead_agency": "SO_XD",
        "supporting_agencies": ["CONG_AN", "SO_NNMT", "DIEN_LUC"],
        "steps": [
            _step(
                "Xác minh mức ngập qua cảm biến và camera",
                "Check the water level by sensors and cameras",
                10,
                role="operator",
            ),
            _step("Vận hành trạm bơm, khơi thông cống thoát nước", "Run pumps, clear drains", 30, agency="SO_XD"),
            _step(
                "Cắm biển cảnh báo, phân luồng tuyến đường ngập",
                "Signpost and divert flooded roads",
                30,
                agency="CONG_AN",
                checklist=["Biển cảnh báo", "Lực lượng hướng dẫn"],
            ),
            _step("Kiểm tra an toàn điện khu vực ngập", "Check electrical safety", 45, agency="DIEN_LUC"),
            _step(
                "Di dời người dân vùng trũng (nếu cần)", "Move residents of low areas if needed", 120, role="operator"
            ),
            _step(
                "Cảnh báo người dân qua loa và ứng dụng", "Warn residents by loudspeaker and app", 20, role="operator"
            ),
            _step("Đánh giá thiệt hại sau ngập, báo cáo", "Assess damage and report", 720, agency="SO_NNMT"),
        ],
    },
    "air_pollution": {
        "name": "Ứng phó đợt ô nhiễm không khí",
        "name_en": "Air pollution episode response",
        "lead_agency": "SO_NNMT",
        "supporting_agencies": ["SO_YT", "SO_GDDT", "SO_XD"],
        "steps": [
            _step(
                "Xác nhận số liệu quan trắc, loại trừ lỗi thiết bị",
                "Confirm readings, rule out sensor faults",
                30,
                agency="SO_NNMT",
            ),
            _step(
                "Phát cảnh báo chất lượng không khí cho người dân",
                "Issue an air quality warning",
                60,
                role="operator",
                checklist=["Trang công khai", "Ứng dụng công dân", "Mạng xã hội"],
            ),
            _step(
                "Khuyến cáo trường học hạn chế hoạt động ngoài trời",
                "Advise schools to limit outdoor activity",
                120,
                agency="SO_GDDT",
            ),
            _step("Khuyến cáo y tế cho nhóm nhạy cảm", "Health advice for sensitive groups", 120, agency="SO_YT"),
            _step(
                "Kiểm tra nguồn thải: công trường, đốt rác, khu công nghiệp",
                "Inspect emission sources",
                240,
                agency="SO_NNMT",
            ),
            _step("Tưới nước giảm bụi trên các tuyến chính", "Spray water on main roads", 180, agency="SO_XD"),
        ],
    },
    "public_order": {
        "name": "Xử lý mất trật tự công cộng",
        "name_en": "Public order disturbance response",
        "lead_agency": "CONG_AN",
        "supporting_agencies": [],
        "steps": [
            _step("Xác minh qua camera an ninh", "Verify on security cameras", 3, role="operator"),
            _step(
                "Điều động lực lượng Công an phường đến hiện trường",
                "Dispatch ward police",
                10,
                agency="CONG_AN",
                checklist=["Tổ tuần tra nhận lệnh", "Có mặt tại hiện trường"],
            ),
            _step(
                "Thông báo Trung tâm cấp cứu 115 nếu có người bị thương",
                "Call 115 if anyone is hurt",
                10,
                role="operator",
            ),
            _step("Giải tán đám đông, lập lại trật tự", "Disperse the crowd, restore order", 45, agency="CONG_AN"),
            _step("Lập biên bản, báo cáo lãnh đạo", "Record and report to the leadership", 120, agency="CONG_AN"),
        ],
    },
}
