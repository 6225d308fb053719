"""The receiver plugin interface: a kind checks its settings and sends one Alertmanager body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ioc.kit.outbox import Delivery


class ConfigError(Exception):
    """A receiver's settings are invalid: names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Send:
    """What a kind is asked to send: the receiver's row values and the webhook v4 body."""

    receiver: str
    config: dict[str, Any]
    secret: str | None
    body: dict[str, Any]
    dedupe_key: str


@dataclass(frozen=True)
class ReceiverKind:
    """One kind of receiver: `check(config, settings) -> config`, `send(session, Send) -> topic|None`, a deliverer.

    `send` runs in the transaction that updates the group: it enqueues an outbox message on `topic`
    (delivered by `deliver`) or acts at once (in_app) and returns None.
    """

    name: str
    check: Callable[[dict[str, Any], Any], dict[str, Any]]
    send: Callable[[Session, Send], str | None]
    topic: str | None = None
    deliver: Callable[[Delivery], None] | None = None
