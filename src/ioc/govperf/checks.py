"""Checking dossier and 766-score records from the API and from files; problems name the field."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ioc.govperf.service import GROUP_MAX, OUTCOMES, DossierIn, ScoreIn
from ioc.kit.numbers import parse_number
from ioc.kit.periods import check_in_range, detect_period
from ioc.kit.text import ascii_fold
from ioc.kit.timeutil import VN_TZ, parse_aware, utcnow

TRUE_WORDS = {"1", "true", "co", "x", "yes", "truc tuyen"}
FALSE_WORDS = {"", "0", "false", "khong", "no", "truc tiep"}
OUTCOME_WORDS = {
    "dang xu ly": "processing",
    "da giai quyet": "approved",
    "chap thuan": "approved",
    "tra ket qua": "approved",
    "tu choi": "rejected",
    "rut ho so": "withdrawn",
    "cong dan rut": "withdrawn",
}
KIND_WORDS = {"agency": "agency", "co quan": "agency", "locality": "locality", "dia phuong": "locality"}
MAX_FUTURE = timedelta(days=1)


class FieldError(ValueError):
    """A problem with one field of one record."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _text(raw: dict, field: str, required: bool = True, limit: int = 300) -> str:
    value = raw.get(field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet number cell holding a code
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise FieldError(field, "required")
    return text[:limit]


def _time(raw: dict, field: str, required: bool = True, future_ok: bool = False) -> datetime | None:
    value = raw.get(field)
    if value in (None, ""):
        if required:
            raise FieldError(field, "required")
        return None
    if isinstance(value, datetime):  # a spreadsheet cell: the office's local time
        return (value if value.tzinfo else value.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)
    text = str(value).strip()
    try:
        local = datetime.strptime(text, "%d/%m/%Y %H:%M")
        return local.replace(tzinfo=VN_TZ)
    except ValueError:
        pass
    try:
        return parse_aware(text, field=field, max_future=None if future_ok else MAX_FUTURE)
    except ValueError as exc:
        raise FieldError(field, f"{exc}; or write dd/mm/yyyy HH:MM in Vietnam time") from exc


def _flag(raw: dict, field: str) -> bool:
    value = raw.get(field)
    if isinstance(value, bool):
        return value
    word = ascii_fold(str(value if value is not None else "")).strip()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FieldError(field, f"'{value}' is not yes/no (có/không)")


def check_dossier(raw: dict[str, Any], agencies: set[str], areas: set[str]) -> DossierIn:
    """A DossierIn from raw fields, or FieldError naming the first bad field."""
    agency = _text(raw, "agency_code", limit=40)
    if agency not in agencies:
        raise FieldError("agency_code", f"unknown agency {agency!r}")
    area = _text(raw, "area_code", required=False, limit=10) or None
    if area is not None and area not in areas:
        raise FieldError("area_code", f"unknown area {area!r}")
    received, due = _time(raw, "received_at"), _time(raw, "due_at", future_ok=True)
    finished = _time(raw, "finished_at", required=False)
    if received > utcnow() + MAX_FUTURE:
        raise FieldError("received_at", "in the future")
    if due < received:
        raise FieldError("due_at", "earlier than received_at")
    if finished is not None and finished < received:
        raise FieldError("finished_at", "earlier than received_at")
    word = ascii_fold(_text(raw, "outcome", required=False) or ("approved" if finished else "processing"))
    outcome = word if word in OUTCOMES else OUTCOME_WORDS.get(word)
    if outcome is None:
        raise FieldError("outcome", f"'{raw.get('outcome')}' is not one of {', '.join(OUTCOMES)}")
    if outcome == "processing" and finished is not None:
        raise FieldError("outcome", "a finished dossier cannot be 'processing'")
    return DossierIn(
        _text(raw, "code", limit=60),
        agency,
        area,
        _text(raw, "procedure_code", limit=60),
        _text(raw, "procedure_name", required=False),
        received,
        due,
        finished,
        _flag(raw, "online"),
        _flag(raw, "paid_online"),
        outcome,
    )


def check_score(raw: dict[str, Any], units: set[str]) -> ScoreIn:
    """A ScoreIn from raw fields; each group within its maximum under Decision 766/QĐ-TTg."""
    unit = _text(raw, "unit_code", limit=40)
    if unit not in units:
        raise FieldError("unit_code", f"unknown agency or locality {unit!r}")
    written = _text(raw, "unit_kind", required=False) or ("locality" if unit.isdigit() else "agency")
    kind = KIND_WORDS.get(ascii_fold(written))
    if kind is None:
        raise FieldError("unit_kind", "must be agency (cơ quan) or locality (địa phương)")
    try:
        period = detect_period(raw.get("period"))
        check_in_range(period)
    except ValueError as exc:
        raise FieldError("period", str(exc)) from exc
    groups = {}
    for group, most in GROUP_MAX.items():
        try:
            value = parse_number(raw.get(group))
        except ValueError as exc:
            raise FieldError(group, str(exc)) from exc
        if not 0 <= value <= most:
            raise FieldError(group, f"{value} is outside 0–{most} points")
        groups[group] = value
    return ScoreIn(unit, kind, period.start, period.frequency, groups, _text(raw, "source", required=False, limit=200))
