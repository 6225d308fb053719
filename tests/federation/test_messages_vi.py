"""The federation's refusals read in the asker's language: Vietnamese with Accept-Language: vi, English without."""

from __future__ import annotations

from datetime import timedelta

from ioc.kit.timeutil import utcnow
from tests.federation.helpers import URL, signed, snapshot

VI = {"Accept-Language": "vi"}


def test_a_future_snapshot_is_refused_in_vietnamese(client, members):
    future = snapshot("48", 1, {"QD293-001": 1.0}, generated_at=(utcnow() + timedelta(hours=2)).isoformat())
    body, headers = signed(future, *members["48"])
    answer = client.post(URL, content=body, headers=headers | VI)
    assert answer.status_code == 422 and "ở thời điểm tương lai" in answer.json()["detail"]
    english = client.post(URL, content=body, headers=headers)
    assert "is in the future" in english.json()["detail"]


def test_a_bad_public_key_is_refused_in_vietnamese(client, members, make_user):
    _, admin = make_user("admin")
    url = "/api/v1/federation/members/48/keys"
    answer = client.post(url, json={"public_key": "!" * 44}, headers=admin | VI)
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert error["field"] == "public_key" and error["message"] == "không phải khóa công khai Ed25519 dạng base64"
    english = client.post(url, json={"public_key": "!" * 44}, headers=admin).json()
    assert english["errors"][0]["message"] == "not a base64 Ed25519 public key"
