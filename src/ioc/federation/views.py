"""What the national pages and API show: members and their link state, rankings, a province as reported."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.orm import Session

from ioc.areas import service as areas
from ioc.federation import repository as repo
from ioc.federation.calendar import due_period, shift
from ioc.kit import outbox
from ioc.kit.timeutil import utcnow

DATA = Path(__file__).parent / "data"
DOWNWARD_TOPIC = "federation.downward"  # downward.TOPIC (downward imports the other domains; views stays light)


@lru_cache
def provinces_geojson() -> dict[str, Any]:
    """The 34 provinces' approximate shapes (Voronoi cells clipped to the land; scripts/build_provinces_geojson.py)."""
    return orjson.loads((DATA / "provinces.geojson").read_bytes())


PROVINCES = tuple(f["properties"]["code"] for f in provinces_geojson()["features"])


def short_label(name: str) -> str:
    """A province's name without "Tỉnh" / "Thành phố" (for the wall's narrow columns)."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def province_label(code: str) -> str:
    """A province's official name, or its code when unknown."""
    try:
        return areas.province_name(code)
    except ValueError:
        return code


def is_stale(period: str | None, now: datetime, stale_days: int, cutoff_day: int) -> bool:
    """Whether a province's last period is older than the calendar expects (by more than `stale_days`)."""
    if period is None:
        return True
    months = max(1, round(stale_days / 30))
    return (
        period < shift(due_period(now, cutoff_day), -months + 1) if months > 1 else period < due_period(now, cutoff_day)
    )


def link_state(last_snapshot_at, last_error_at, period, now: datetime, stale_days: int, cutoff_day: int) -> str:
    """refused (last answer a refusal), silent (nothing for `stale_days`), stale (missed the cut-off), on_time."""
    if last_error_at is not None and (last_snapshot_at is None or last_error_at > last_snapshot_at):
        return "refused"
    if last_snapshot_at is None or now - last_snapshot_at > timedelta(days=stale_days):
        return "silent"
    return "stale" if is_stale(period, now, stale_days, cutoff_day) else "on_time"


def _keys(keys, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "key_id": k.key_id,
            "valid_from": k.valid_from,
            "valid_until": k.valid_until,
            "active": k.valid_from <= now and (k.valid_until is None or k.valid_until > now),
        }
        for k in keys
    ]


def members(session: Session, stale_days: int, cutoff_day: int) -> list[dict[str, Any]]:
    """Every member with its keys, last snapshot, last period, link state and the last problem it was answered."""
    now, counts = utcnow(), repo.receipt_counts(session)
    last_periods, keys_by_member = repo.last_periods(session, "indicators"), repo.all_keys(session)
    queued = outbox.queued_by_destination(session, DOWNWARD_TOPIC)
    out = []
    for m in repo.members(session):
        count, last = counts.get(m.code, (0, None))
        period = last_periods.get(m.code)
        state = link_state(last, m.last_error_at, period, now, stale_days, cutoff_day)
        out.append(
            {
                "code": m.code,
                "name": m.name,
                "short": short_label(m.name),
                "url": m.url,
                "keys": _keys(keys_by_member.get(m.code, []), now),
                "snapshots": count,
                "last_snapshot_at": last,
                "last_period": period,
                "state": state,
                "stale": state != "on_time",
                "silent": state == "silent" or (last is None),
                "queued": queued.get(outbox.destination_of(m.url), 0) if m.url else 0,
                "last_error": m.last_error,
                "last_error_at": m.last_error_at,
                "last_problem": m.last_problem,
            }
        )
    return out


def ranking(session: Session, code: str, direction: str, stale_days: int, cutoff_day: int) -> list[dict[str, Any]]:
    """Each province's whole-province value of a national indicator in its latest period, best first; stale marked."""
    now = utcnow()
    rows = repo.latest_by_province(session, code, {})
    reported = [r for r in rows if r[2] is not None]
    reported.sort(key=lambda r: r[2], reverse=direction != "down")
    out = []
    for rank, (province, period, value, target, status) in enumerate(reported, start=1):
        out.append(
            {
                "rank": rank,
                "province": province,
                "name": province_label(province),
                "short": short_label(province_label(province)),
                "period": period,
                "value": value,
                "target": target,
                "status": status,
                "stale": is_stale(period, now, stale_days, cutoff_day),
            }
        )
    return out


_INDICATORS: dict[tuple, list[dict[str, Any]]] = {}  # (database, datasets stamp) -> indicators: one entry kept


def indicators(session: Session) -> list[dict[str, Any]]:
    """The national codes in each province's latest indicators snapshot, with their names and how many provinces.

    Read from the applied datasets' indicator lists (one row per province), not by scanning the values, and
    kept until a dataset is applied again (the stamp: how many and the last applied).
    """
    key = (str(session.get_bind().url), *repo.datasets_stamp(session, "indicators"))
    if key not in _INDICATORS:
        _INDICATORS.clear()
        _INDICATORS[key] = _indicators(session)
    return _INDICATORS[key]


def _indicators(session: Session) -> list[dict[str, Any]]:
    names: dict[str, dict[str, str]] = {}
    provinces: dict[str, int] = {}
    for row in repo.latest_datasets(session, "indicators"):
        for item in row.data.get("indicators", []):
            code = item["code"]
            provinces[code] = provinces.get(code, 0) + 1
            names.setdefault(
                code, {"name": item.get("name") or item.get("local_code") or code, "unit": item.get("unit", "")}
            )
    return [{"code": c, "provinces": provinces[c], **names[c]} for c in sorted(provinces)]


def province_detail(session: Session, code: str) -> dict[str, Any]:
    """A province as it reported: its latest datasets and the whole-province values of its latest period."""
    latest: dict[str, Any] = {}
    for row in repo.datasets(session, province=code):
        latest.setdefault(
            row.dataset, {"period": row.period, "version": row.version, "applied_at": row.applied_at, "data": row.data}
        )
    period = latest.get("indicators", {}).get("period")
    values = [
        {"code": v.code, "value": v.value, "target": v.target, "status": v.status}
        for v in (repo.values_of(session, code, period) if period else [])
        if v.area == code
    ]
    return {"code": code, "name": province_label(code), "datasets": latest, "period": period, "values": values}


STATES = ("on_time", "stale", "silent", "refused")
# Why the national center refused a snapshot, by problem type, in words for people (the problem's own detail,
# in English, follows as the technical detail).
REFUSALS = {
    "federation-unknown-key": "Trung ương không biết khóa ký này: gửi khóa công khai mới cho Trung ương.",
    "federation-key-expired": "Khóa ký đã hết hiệu lực: tạo khóa mới và gửi khóa công khai cho Trung ương.",
    "federation-bad-signature": "Chữ ký không khớp với nội dung gửi.",
    "federation-bad-token": "Mã truy cập của tỉnh không đúng.",
    "federation-unsigned": "Bản gửi không có chữ ký.",
    "federation-malformed": "Nội dung gửi không phải JSON hợp lệ.",
    "federation-schema": "Nội dung gửi sai cấu trúc dữ liệu đã công bố.",
    "federation-not-own": "Tỉnh chỉ được gửi số liệu của chính mình.",
    "federation-future": "Thời điểm lập bản gửi ở tương lai: kiểm tra đồng hồ máy chủ.",
    "federation-too-large": "Bản gửi vượt dung lượng cho phép.",
    "federation-stale-version": "Phiên bản không mới hơn bản Trung ương đã nhận.",
    "federation-replayed": "Bản gửi cũ bị gửi lại sau khi đã có bản mới hơn.",
    "federation-id-taken": "Mã bản gửi đã thuộc về tỉnh khác.",
}


def picture(session: Session, code: str | None, direction: str, stale_days: int, cutoff_day: int) -> dict[str, Any]:
    """The national picture in one read: indicator choices, the ranking of one, each province's figure and link."""
    choices = indicators(session)
    known = {c["code"]: c for c in choices}
    code = code if code in known else (choices[0]["code"] if choices else None)
    ranked = ranking(session, code, direction, stale_days, cutoff_day) if code else []
    linked = members(session, stale_days, cutoff_day)
    by_member = {m["code"]: m for m in linked}
    figures = {r["province"]: r for r in ranked}
    provinces = [
        {
            "code": p,
            "name": province_label(p),
            "member": p in by_member,
            "state": by_member[p]["state"] if p in by_member else None,
            **{k: figures.get(p, {}).get(k) for k in ("value", "target", "period", "rank", "stale")},
        }
        for p in PROVINCES
    ]
    counts = {s: sum(1 for m in linked if m["state"] == s) for s in STATES}
    return {
        "code": code,
        "indicator": known.get(code),
        "direction": direction,
        "indicators": choices,
        "due_period": due_period(utcnow(), cutoff_day),
        "ranking": ranked,
        "provinces": provinces,
        "members": linked,
        "counts": {"members": len(linked), "reporting": len(ranked), **counts},
        "generated_at": utcnow(),
    }
