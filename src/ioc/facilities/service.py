"""Facilities domain logic: the registry of places, camera privacy, and figures on the sensors' series."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import audit
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.facilities import repository
from ioc.facilities.kinds import (
    FIGURES,
    KINDS,
    PRIVATE_ATTRIBUTES,
    SCHOOL_LEVELS,
    SIZE_UNITS,
    FieldError,
    check_attributes,
    may_view,
)
from ioc.facilities.models import Facility
from ioc.facilities.schemas import FacilityIn, FacilityPatch
from ioc.kit import bus, i18n, urlpolicy
from ioc.kit.errors import Forbidden, NotFound, ValidationProblem
from ioc.kit.text import ascii_fold
from ioc.sensors import service as sensors_service

FIELDS = ("code", "kind", "name", "address", "owner_agency", "lat", "lon", "area_code", "attributes")
WRITERS = ("admin", "operator", "integrator")
READERS = ("admin", "leader", "operator", "agency_officer", "integrator")
SYNTHETIC_SCHEME = "synthetic:"  # a camera URL the IOC answers itself with generated frames (the demo)
INTERVALS = {"day": 86400, "month": 31 * 86400, "school_year": 31 * 86400}


def invalid(field: str, message: str) -> ValidationProblem:
    """A 422 problem naming one field."""
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def check_writer(principal: Principal, owner_agency: str | None) -> None:
    """Refuse a caller who may not write facilities of this owner."""
    if principal.role not in WRITERS:
        raise Forbidden(f"Writing facilities needs one of the roles {', '.join(WRITERS)}.")
    if principal.role == "integrator" and principal.agency_code and owner_agency != principal.agency_code:
        raise Forbidden(f"owner_agency: this API key may only manage facilities of {principal.agency_code}.")


def station_prefix(kind: str) -> str:
    """The code prefix of the sensors stations that carry a kind's figures."""
    return f"fac-{kind}-"


# ---- checks ---------------------------------------------------------------------------------


def check_place(session: Session, lat: float, lon: float) -> str | None:
    """The ward of a point; a FieldError when the province's wards are known and none contains it."""
    code = areas_service.locate_code(session, lat, lon)
    if code is None and len(areas_service.locator(session)):
        raise FieldError("lat", f"({lat}, {lon}) is outside the province's wards")
    return code


def check_camera_urls(attributes: dict[str, Any], allow: urlpolicy.Allowlist) -> None:
    """A camera's stream and snapshot URLs: http(s) the server may call, or the synthetic demo stream."""
    for name in PRIVATE_ATTRIBUTES:
        url = attributes.get(name)
        if not url or (name == "stream_url" and url.startswith(SYNTHETIC_SCHEME)):
            continue
        try:
            urlpolicy.check_url(url, allow)
        except urlpolicy.Refused as exc:
            raise FieldError(f"attributes.{name}", str(exc)) from None


def checked(session: Session, data: FacilityIn, allow: urlpolicy.Allowlist) -> tuple[dict[str, Any], str | None]:
    """(typed attributes, ward) of a facility, or a FieldError naming the first bad field."""
    if data.kind not in KINDS:
        raise FieldError("kind", f"unknown kind {data.kind!r}; one of {', '.join(KINDS)}")
    attributes = check_attributes(data.kind, data.attributes)
    if data.kind == "camera":
        check_camera_urls(attributes, allow)
    if data.owner_agency and not auth_service.agency_exists(session, data.owner_agency):
        raise FieldError("owner_agency", f"unknown agency {data.owner_agency!r}")
    return attributes, check_place(session, data.lat, data.lon)


def _as_problem(exc: FieldError) -> ValidationProblem:
    return invalid(exc.field, exc.message)


# ---- writes ---------------------------------------------------------------------------------


def _apply(f: Facility, data: FacilityIn, attributes: dict[str, Any], area_code: str | None) -> None:
    for name in ("kind", "name", "address", "owner_agency", "lat", "lon", "synthetic"):
        setattr(f, name, getattr(data, name))
    f.attributes, f.area_code = attributes, area_code
    f.search_text = ascii_fold(f"{f.name} {f.address} {f.code}")[:700]


def _sync_station(session: Session, principal: Principal, f: Facility) -> None:
    # The sensors station carrying the figures: same place, owner and ward as the facility.
    if f.kind not in FIGURES:
        return
    quantity, period = FIGURES[f.kind]
    f.station_code = f"{station_prefix(f.kind)}{f.id}"
    station = sensors_service.StationIn(
        code=f.station_code, name=f.name[:200], kind="facility", lat=f.lat, lon=f.lon, quantities=[quantity],
        interval_seconds=INTERVALS[period], owner_agency=f.owner_agency, attributes={"facility": f.code},
    )  # fmt: skip
    sensors_service.upsert_station(session, principal, station)


def create(session: Session, principal: Principal, data: FacilityIn, allow: urlpolicy.Allowlist) -> Facility:
    """A new facility, its ward resolved; its figures' station created with it."""
    check_writer(principal, data.owner_agency)
    if repository.by_code(session, data.code) is not None:
        raise invalid("code", f"a facility with code {data.code!r} exists")
    try:
        attributes, area = checked(session, data, allow)
    except FieldError as exc:
        raise _as_problem(exc) from None
    return _store(session, principal, None, data, attributes, area)


def _store(
    session: Session, principal: Principal, f: Facility | None, data: FacilityIn, attributes: dict, area: str | None
) -> Facility:
    before = audit.snapshot(f, FIELDS) if f is not None else None
    if f is None:
        f = Facility(code=data.code)
        session.add(f)
    _apply(f, data, attributes, area)
    session.flush()
    _sync_station(session, principal, f)
    action = "facility.create" if before is None else "facility.update"
    audit.record(session, principal, action, "facility", str(f.id), before=before, after=audit.snapshot(f, FIELDS))
    bus.emit_after_commit(session, "facilities.facility.changed", {"id": f.id, "kind": f.kind})
    return f


def upsert_many(session: Session, principal: Principal, items: list[tuple[FacilityIn, dict, str | None]]) -> dict:
    """Create or replace checked facilities by code (an import); counts of new and updated."""
    existing = repository.by_codes(session, [d.code for d, _, _ in items])
    for data, _, _ in items:
        check_writer(principal, data.owner_agency)
        if data.code in existing:
            check_writer(principal, existing[data.code].owner_agency)
            if existing[data.code].kind != data.kind:
                raise invalid("kind", f"{data.code}: the kind of a facility never changes")
    for data, attributes, area in items:
        _store(session, principal, existing.get(data.code), data, attributes, area)
    updated = sum(1 for d, _, _ in items if d.code in existing)
    return {"created": len(items) - updated, "updated": updated}


def require(session: Session, facility_id: int) -> Facility:
    """A facility by id, or a 404 problem."""
    f = repository.get(session, facility_id)
    if f is None:
        raise NotFound(f"No facility with id {facility_id}.")
    return f


def update(
    session: Session, principal: Principal, facility_id: int, patch: FacilityPatch, allow: urlpolicy.Allowlist
) -> Facility:
    """Change some fields of a facility; the ward follows a move."""
    f = require(session, facility_id)
    check_writer(principal, f.owner_agency)
    changes = patch.model_dump(exclude_unset=True)
    merged = {n: getattr(f, n) for n in ("code", "kind", "name", "address", "owner_agency", "lat", "lon")}
    merged |= {"attributes": {**f.attributes, **changes.pop("attributes", {})}, "synthetic": f.synthetic}
    data = FacilityIn(**(merged | changes))
    check_writer(principal, data.owner_agency)
    try:
        attributes, area = checked(session, data, allow)
    except FieldError as exc:
        raise _as_problem(exc) from None
    return _store(session, principal, f, data, attributes, area)


def delete(session: Session, principal: Principal, facility_id: int) -> None:
    """Remove a facility from the registry (its past figures stay on the series); audited."""
    f = require(session, facility_id)
    check_writer(principal, f.owner_agency)
    before = audit.snapshot(f, FIELDS)
    session.delete(f)
    session.flush()
    audit.record(session, principal, "facility.delete", "facility", str(facility_id), before=before)
    bus.emit_after_commit(session, "facilities.facility.changed", {"id": facility_id, "kind": before["kind"]})


# ---- reads ----------------------------------------------------------------------------------


def facility_out(f: Facility, principal: Principal) -> dict[str, Any]:
    """The API view of a facility; a camera's URLs left out for a role that may not view it."""
    out = {n: getattr(f, n) for n in ("id", "code", "kind", "name", "address", "owner_agency", "lat", "lon")}
    out |= {"area_code": f.area_code, "synthetic": f.synthetic, "created_at": f.created_at, "updated_at": f.updated_at}
    out["figure"] = FIGURES[f.kind][0] if f.kind in FIGURES else None
    attributes = dict(f.attributes)
    if f.kind == "camera":
        viewer = may_view(attributes, principal.role)
        if not viewer:
            for name in PRIVATE_ATTRIBUTES:
                attributes.pop(name, None)
        out["may_view"], out["stream_path"] = viewer, f"/api/v1/facilities/{f.id}/stream" if viewer else None
    out["attributes"] = attributes
    return out


def search(session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int) -> tuple:
    """A filtered page of facilities (q is matched without diacritics) and the total."""
    if filters.get("q"):
        filters = filters | {"q": ascii_fold(filters["q"].strip())}
    return repository.search(session, filters, order, offset, limit)


def counts_by_kind(session: Session) -> dict[str, int]:
    """How many facilities of each kind."""
    return repository.counts_by_kind(session)


def map_names(lang: str) -> dict[str, dict[str, str]]:
    """The words a facilities map's popups need in a language: kinds, school levels and size units by key."""
    return {name: {k: i18n.translate(v, lang) for k, v in table.items()}
            for name, table in (("kinds", KINDS), ("levels", SCHOOL_LEVELS), ("sizes", SIZE_UNITS))}  # fmt: skip


def cameras(session: Session) -> list[Facility]:
    """Every camera, by name."""
    return repository.of_kind(session, "camera")


def require_camera_view(session: Session, principal: Principal, facility_id: int) -> Facility:
    """A camera the caller may watch: 404 if it is not a camera, 403 if the role may not view it."""
    f = require(session, facility_id)
    if f.kind != "camera":
        raise NotFound(f"Facility {facility_id} is not a camera.")
    if not may_view(f.attributes, principal.role):
        raise Forbidden("Your role may not view this camera.")
    return f


def map_points(session: Session, principal: Principal, kinds: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
    """The facilities of these kinds as map points (a camera's URLs only for its viewers), at most `limit`."""
    out: list[dict[str, Any]] = []
    for kind in kinds:
        rows, _ = repository.search(session, {"kind": kind}, ("name", False), 0, max(0, limit - len(out)))
        for f in rows:
            item = facility_out(f, principal)
            out.append({k: item[k] for k in ("id", "code", "kind", "name", "lat", "lon", "area_code", "attributes")})
    return out


def ward_figures(session: Session, kind: str, first: Any) -> list[dict[str, Any]]:
    """Per ward, the twelve months from `first` of a kind's figures (count, total, mean), from the ward sums."""
    from ioc.facilities import figures

    return figures.trailing_wards(session, kind, first)
