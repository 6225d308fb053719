"""The one state machine of an incident: which action moves which state, and who may take it."""

from __future__ import annotations

from dataclasses import dataclass

from ioc.kit.errors import Conflict, Forbidden

STATUSES = ("open", "responding", "contained", "closed", "cancelled")
OPEN_STATUSES = ("open", "responding", "contained")
STATUS_LABELS = {
    "open": "Mới mở",
    "responding": "Đang ứng phó",
    "contained": "Đã kiểm soát",
    "closed": "Đã kết thúc",
    "cancelled": "Đã hủy",
}
STATUS_TONE = {"open": "bad", "responding": "warn", "contained": "warn", "closed": "ok", "cancelled": "nodata"}
STATUS_ICON = {"open": "alert", "responding": "clock", "contained": "check", "closed": "check", "cancelled": "x"}
PRIORITIES = ("low", "medium", "high", "critical")
PRIORITY_LABELS = {"low": "Thấp", "medium": "Trung bình", "high": "Cao", "critical": "Rất khẩn cấp"}

DESK = frozenset({"admin", "operator"})
FIELD = frozenset({"admin", "operator", "agency_officer"})


@dataclass(frozen=True)
class Transition:
    """An action: the states it starts from, the state it leads to, who may take it, whether it needs a reason."""

    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    "respond": Transition(frozenset({"open"}), "responding", FIELD),
    "contain": Transition(frozenset({"open", "responding"}), "contained", FIELD),
    "reopen": Transition(frozenset({"contained", "closed"}), "responding", DESK, needs_reason=True),
    "close": Transition(frozenset({"responding", "contained"}), "closed", DESK),
    "cancel": Transition(frozenset({"open", "responding"}), "cancelled", DESK, needs_reason=True),
}
ACTION_LABELS = {
    "respond": "Bắt đầu ứng phó",
    "contain": "Đã kiểm soát",
    "reopen": "Mở lại sự cố",
    "close": "Đóng sự cố",
    "cancel": "Hủy",
}


def check(action: str, status: str, role: str) -> Transition:
    """The transition for this action from this status by this role, or a 409/403 saying why not."""
    step = TRANSITIONS[action]
    if status not in step.sources:
        raise Conflict(
            f"Cannot '{action}' an incident that is {status}; allowed from: {', '.join(sorted(step.sources))}."
        )
    if role not in step.actors:
        raise Forbidden(f"The role {role} cannot '{action}' an incident.")
    return step


def actions_for(status: str, role: str) -> list[str]:
    """The actions this role may take on an incident in this status (for the page's buttons)."""
    return [a for a, t in TRANSITIONS.items() if status in t.sources and role in t.actors]
