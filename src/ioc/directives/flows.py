"""The one state machine of an assignment: which action moves which state, and who may take it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ioc.kit.errors import Conflict, Forbidden

STATES = ("issued", "acknowledged", "in_progress", "completed", "accepted")
OPEN_STATES = ("issued", "acknowledged", "in_progress", "completed")
STATUSES = ("not_started", "in_progress", "done_on_time", "done_late", "overdue")
STATUS_LABELS = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "overdue": "Quá hạn",
}
STATUS_TONE = {
    "not_started": "nodata",
    "in_progress": "warn",
    "done_on_time": "ok",
    "done_late": "warn",
    "overdue": "bad",
}
LEADERS = frozenset({"leader", "admin"})
AGENCY = frozenset({"agency_officer", "admin"})


@dataclass(frozen=True)
class Transition:
    """An action: the states it starts from, the state it leads to, who may take it, what it needs."""

    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    needs: str | None = None  # "reason" | "text"


TRANSITIONS: dict[str, Transition] = {
    "ack": Transition(frozenset({"issued"}), "acknowledged", AGENCY),
    "progress": Transition(frozenset({"acknowledged", "in_progress"}), "in_progress", AGENCY, needs="text"),
    "complete": Transition(frozenset({"acknowledged", "in_progress"}), "completed", AGENCY, needs="text"),
    "accept": Transition(frozenset({"completed"}), "accepted", LEADERS),
    "return": Transition(frozenset({"completed"}), "in_progress", LEADERS, needs="reason"),
}
ACTION_LABELS = {
    "issue": "Giao nhiệm vụ",
    "ack": "Xác nhận tiếp nhận",
    "progress": "Báo cáo tiến độ",
    "complete": "Báo cáo hoàn thành",
    "accept": "Nghiệm thu",
    "return": "Trả lại",
    "remind": "Nhắc hạn",
    "escalate": "Báo quá hạn",
}


def check(action: str, state: str, role: str) -> Transition:
    """The transition for this action, or a precise 409/403 saying why it is not allowed."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Conflict(f"action: unknown action {action!r}; one of {', '.join(TRANSITIONS)}")
    if role not in transition.actors:
        raise Forbidden(f"action {action!r} is not allowed for {role}")
    if state not in transition.sources:
        raise Conflict(
            f"action {action!r} is not allowed in state {state!r}; "
            f"allowed from: {', '.join(sorted(transition.sources))}",
            errors=[{"field": "action", "message": f"illegal transition from {state}"}],
        )
    return transition


def allowed_actions(state: str, role: str) -> list[str]:
    """Actions this role may take on an assignment in this state (for the pages)."""
    return [a for a, t in TRANSITIONS.items() if state in t.sources and role in t.actors]


def status_of(state: str, deadline: datetime, completed_at: datetime | None, outcome: str | None, now: datetime) -> str:
    """The status users see: not started, in progress, done on time, done late or overdue (at `now`)."""
    if state == "accepted":
        return "done_late" if outcome == "late" else "done_on_time"
    if completed_at is not None and state == "completed" and completed_at <= deadline:
        return "in_progress"  # finished in time, waiting for the leader's acceptance
    if now > deadline:
        return "overdue"
    return "not_started" if state == "issued" else "in_progress"
