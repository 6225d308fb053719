"""Problems speak the language the page asks for; an API client that names none keeps English."""

from __future__ import annotations

import pytest

VI = {"Accept-Language": "vi"}


@pytest.fixture
def admin(make_user, province) -> dict:
    return make_user("admin")[1]


def test_a_validation_problem_is_vietnamese_for_a_vietnamese_page(client, admin):
    path = "/api/v1/feedback/reports?page=0"
    english = client.get(path, headers=admin).json()
    vietnamese = client.get(path, headers=admin | VI).json()
    assert english["title"] == "Invalid input" and "greater than or equal to 1" in english["detail"]
    assert vietnamese["title"] == "Dữ liệu không hợp lệ"
    assert vietnamese["detail"] == "page: phải lớn hơn hoặc bằng 1"
    assert vietnamese["errors"][0] == {"field": "page", "message": "phải lớn hơn hoặc bằng 1"}
    assert client.get(path, headers=admin | {"Accept-Language": "en-US,en;q=0.9"}).json() == english


def test_a_layer_upload_error_reads_whole_in_vietnamese(client, admin):
    form = {"name_vi": "Lớp", "name_en": "Layer", "sector": "land"}
    upload = {"file": ("quy-hoach.zip", b"PK\x03\x04 not really a zip")}
    answer = client.post("/api/v1/layers", headers=admin | VI, files=upload, data=form)
    assert answer.status_code == 422
    assert answer.json()["detail"] == "quy-hoach.zip: không đọc được tệp nén ZIP."
    plain = client.post("/api/v1/layers", headers=admin, files=upload, data=form).json()
    assert plain["detail"] == "quy-hoach.zip: not a readable ZIP archive."


def test_nested_messages_are_rendered_in_the_same_language(client, admin):
    form = {"name_vi": "Lớp", "name_en": "Layer", "sector": "land", "crs": "zone:atlantis"}
    doc = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
    doc += b' "geometry": {"type": "Point", "coordinates": [500000, 1780000]}}]}'
    answer = client.post("/api/v1/layers", headers=admin | VI, files={"file": ("o.geojson", doc)}, data=form).json()
    assert answer["detail"] == (
        "o.geojson: Không có múi chiếu tỉnh 'atlantis'; hãy chọn một trong GET /api/v1/layers/zones."
    )
