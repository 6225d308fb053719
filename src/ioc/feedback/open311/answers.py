"""Open311 request objects: public fields only, never the reporter's personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.feedback import flows, repository
from ioc.feedback.catalog import Snapshot
from ioc.feedback.intake import Filed
from ioc.feedback.open311 import params as p
from ioc.feedback.open311.serialize import w3c
from ioc.kit.types import parse_id

SERVICE_NOTICE = "Phản ánh được xác minh trong 8 giờ làm việc và xử lý theo mức độ khẩn cấp."


def created(filed: Filed, form: dict[str, Any]) -> dict[str, Any]:
    """The answer to a POST. Beyond the standard fields, `tracking_code` and `reporter_secret` go to the client
    that filed the report for its reporter: with both, the reporter rates or reopens it (given only here)."""
    return {
        "service_request_id": str(filed.report.id),
        "service_notice": SERVICE_NOTICE,
        "account_id": form.get("account_id"),
        "tracking_code": filed.report.tracking_code,
        "reporter_secret": filed.reporter_secret,
    }


def request_dicts(
    session: Session, snap: Snapshot, rows: list[Any], *, base_url: str, lang: str = "vi", extensions: bool = False
) -> list[dict[str, Any]]:
    """Open311 request objects for rows selected with repository.OPEN311_COLUMNS (a fixed number of queries)."""
    photos = repository.first_photo_ids(session, [r[0] for r in rows])
    notes = _notes(session, [r[0] for r in rows]) if extensions else {}
    out = []
    for row in rows:
        item = _request_dict(snap, row, photos.get(row[0]), base_url, lang)
        if extensions:
            item["extended_attributes"] = _extended_attributes(row)
            item["notes"] = notes.get(row[0], [])
        out.append(item)
    return out


def _request_dict(snap: Snapshot, row: Any, photo: int | None, base_url: str, lang: str) -> dict[str, Any]:
    # The standard GeoReport v2 fields of one row of repository.OPEN311_COLUMNS.
    rid, status, reply, code, description, agency, requested, updated, due, address, address_id, lat, lon = row[:13]
    media_url = row[13]
    return {
        "service_request_id": str(rid),
        "status": flows.open311_status(status),
        "status_notes": reply or None,
        "service_name": snap.category_name(code, lang),
        "service_code": code,
        "description": description,
        "agency_responsible": snap.agency_name(agency, "vi"),
        "service_notice": SERVICE_NOTICE,
        "requested_datetime": w3c(requested),
        "updated_datetime": w3c(updated),
        "expected_datetime": w3c(due),
        "address": address or None,
        "address_id": address_id,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": f"{base_url}/api/v1/feedback/photos/{photo}/public" if photo else media_url,
    }


def _extended_attributes(row: Any) -> dict[str, Any]:
    # FixMyStreet's extensions: the detailed state, the ward and the category's answers.
    status, answers, area_code = row[1], row[14], row[15]
    return {
        "detailed_status": status,
        "fms_status": flows.FMS_STATUS[status],
        "area_code": area_code,
        "attributes": answers or {},
    }


def _notes(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    notes: dict[int, list[dict[str, Any]]] = {}
    for e in repository.events(session, ids, public_only=True):
        notes.setdefault(e.report_id, []).append(
            {
                "datetime": w3c(e.at),
                "status": flows.open311_status(e.to_status) if e.to_status else None,
                "detailed_status": e.to_status,
                "description": e.text,
                "type": e.action,
            }
        )
    return notes


def query_requests(session: Session, query: dict[str, Any], now: datetime) -> list[Any]:
    """The rows a GET requests call asks for (service_request_id overrides every other filter)."""
    ids_text = p.comma_list(query.get("service_request_id"))
    page_size = p.as_int(query, "page_size", p.MAX_PAGE_SIZE, 1, p.MAX_PAGE_SIZE)
    page = p.as_int(query, "page", 1, 1, 1_000_000)
    if ids_text:
        ids = [parse_id(i) for i in ids_text[: p.MAX_PAGE_SIZE]]
        if None in ids:
            raise p.bad("service_request_id", "must be a comma-separated list of request ids")
        return repository.open311_rows(session, ids=ids, offset=(page - 1) * page_size, limit=page_size)
    statuses: list[str] = []
    for value in p.comma_list(query.get("status")):
        if value.lower() not in ("open", "closed"):
            raise p.bad("status", f"unknown status {value!r}; use open or closed")
        statuses += flows.OPEN_STATUSES if value.lower() == "open" else flows.CLOSED_STATUSES
    start, end = p.window(query, now)
    return repository.open311_rows(
        session,
        codes=p.comma_list(query.get("service_code")) or None,
        start=start,
        end=end,
        statuses=statuses or None,
        offset=(page - 1) * page_size,
        limit=page_size,
    )


def update_dicts(session: Session, query: dict[str, Any], now: datetime, base_url: str = "") -> list[dict[str, Any]]:
    """FixMyStreet's service request updates in a window (default: the last 90 days); a resolution carries the
    agency's first "after" photo as its media_url."""
    start, end = p.window(query, now)
    limit = p.as_int(query, "page_size", p.MAX_PAGE_SIZE, 1, p.MAX_PAGE_SIZE)
    rows = repository.public_updates(session, start, end or now, limit)
    after = repository.first_photo_ids(session, sorted({r[1] for r in rows if r[2] == "resolved"}), kind="after")
    out = []
    for eid, rid, to_status, at, text, _current in rows:
        photo = after.get(rid) if to_status == "resolved" else None
        out.append(
            {
                "update_id": str(eid),
                "service_request_id": str(rid),
                "status": flows.FMS_STATUS.get(to_status or "", "OPEN"),
                "updated_datetime": w3c(at),
                "description": text,
                "media_url": f"{base_url}/api/v1/feedback/photos/{photo}/public" if photo else None,
            }
        )
    return out
