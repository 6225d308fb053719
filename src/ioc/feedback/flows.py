"""The one state machine of a report: which action moves which state, and who may take it."""

from __future__ import annotations

from dataclasses import dataclass

from ioc.kit.errors import Conflict, Forbidden

STATUSES = (
    "received",
    "verified",
    "rejected",
    "assigned",
    "in_progress",
    "resolved",
    "closed",
    "duplicate",
    "reopened",
)
OPEN_STATUSES = ("received", "verified", "assigned", "in_progress", "reopened")
CLOSED_STATUSES = ("rejected", "resolved", "closed", "duplicate")
STATUS_LABELS = {
    "received": "Đã tiếp nhận",
    "verified": "Đã xác minh",
    "rejected": "Từ chối",
    "assigned": "Đã chuyển xử lý",
    "in_progress": "Đang xử lý",
    "resolved": "Đã xử lý",
    "closed": "Đã đóng",
    "duplicate": "Trùng lặp",
    "reopened": "Mở lại",
}
URGENCY_LABELS = {"urgent": "Khẩn cấp", "complex": "Phức tạp", "normal": "Thông thường"}
STATUS_TONE = {
    "received": "nodata",
    "verified": "warn",
    "assigned": "warn",
    "in_progress": "warn",
    "reopened": "bad",
    "rejected": "nodata",
    "duplicate": "nodata",
    "resolved": "ok",
    "closed": "ok",
}

IOC_ACTORS = frozenset({"admin", "operator"})
AGENCY_ACTORS = frozenset({"agency_officer"})
REPORTER = "reporter"  # the tracking code and the reporter secret given at submission (service.prove_reporter)
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    """An action: the states it starts from, the state it leads to, who may take it, what it needs."""

    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    needs: str | None = None  # "reason" | "reply" | "original" | "agency" | "rating"
    public: bool = True  # hand-backs are internal: the citizen sees no change of substance


TRANSITIONS: dict[str, Transition] = {
    "verify": Transition(frozenset({"received", "reopened"}), "verified", IOC_ACTORS),
    "reject": Transition(frozenset({"received", "verified"}), "rejected", IOC_ACTORS, needs="reason"),
    "assign": Transition(frozenset({"verified", "reopened", "assigned"}), "assigned", IOC_ACTORS, needs="agency"),
    "hand_back": Transition(
        frozenset({"assigned", "in_progress"}), "verified", AGENCY_ACTORS | IOC_ACTORS, needs="reason", public=False
    ),
    "start": Transition(frozenset({"assigned"}), "in_progress", AGENCY_ACTORS | IOC_ACTORS),
    "resolve": Transition(
        frozenset({"assigned", "in_progress"}), "resolved", AGENCY_ACTORS | IOC_ACTORS, needs="reply"
    ),
    "close": Transition(frozenset({"resolved"}), "closed", IOC_ACTORS | {SYSTEM}),
    "rate": Transition(frozenset({"resolved"}), "closed", frozenset({REPORTER}), needs="rating"),
    "reopen": Transition(frozenset({"resolved"}), "reopened", IOC_ACTORS | {REPORTER}, needs="reason"),
    "duplicate": Transition(frozenset({"received", "verified"}), "duplicate", IOC_ACTORS, needs="original"),
}
ACTION_LABELS = {
    "verify": "Xác minh",
    "reject": "Từ chối",
    "assign": "Chuyển xử lý",
    "hand_back": "Trả lại",
    "start": "Bắt đầu xử lý",
    "resolve": "Báo cáo kết quả",
    "close": "Đóng",
    "rate": "Đánh giá",
    "reopen": "Mở lại",
    "duplicate": "Gộp trùng",
}

# FixMyStreet's finer statuses for servicerequestupdates.
FMS_STATUS = {
    "received": "OPEN",
    "verified": "INVESTIGATING",
    "assigned": "ACTION_SCHEDULED",
    "in_progress": "IN_PROGRESS",
    "resolved": "FIXED",
    "closed": "CLOSED",
    "rejected": "NO_FURTHER_ACTION",
    "duplicate": "DUPLICATE",
    "reopened": "OPEN",
}


def open311_status(status: str) -> str:
    """Open311's two-valued status."""
    return "open" if status in OPEN_STATUSES else "closed"


def actor_kind(role: str, *, reporter: bool = False, system: bool = False) -> str:
    """The state machine's name for a caller."""
    if system:
        return SYSTEM
    if reporter:
        return REPORTER
    return role


def check(action: str, status: str, actor: str) -> Transition:
    """The transition for this action, or a precise 409/403 saying why it is not allowed."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Conflict(
            f"action: unknown action {action!r}; one of {', '.join(TRANSITIONS)}",
            errors=[{"field": "action", "message": "unknown action"}],
        )
    if actor not in transition.actors:
        raise Forbidden(f"action {action!r} is not allowed for {actor}")
    if status not in transition.sources:
        raise Conflict(
            f"action {action!r} is not allowed in state {status!r}; allowed from: "
            f"{', '.join(sorted(transition.sources))}",
            errors=[{"field": "action", "message": f"illegal transition from {status}"}],
        )
    return transition


# The order actions are offered in: the expected next step first, the negative ones ("Từ chối", "Trả lại") last.
OFFER_ORDER = ("verify", "assign", "start", "resolve", "close", "rate", "reopen", "duplicate", "hand_back", "reject")


def allowed_actions(status: str, actor: str) -> list[str]:
    """Actions this actor may take on a report in this state (for the pages)."""
    allowed = [a for a, t in TRANSITIONS.items() if status in t.sources and actor in t.actors]
    return sorted(allowed, key=OFFER_ORDER.index)
