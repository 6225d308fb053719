"""Receiver kinds, one module each; a deployment adds SMS, Zalo OA or a messenger as one more module here.

The dict is the whole wiring: a kind named here can be chosen for a receiver, and its outbox
topic gets its deliverer (ioc.notify.plugin).
"""

from __future__ import annotations

from ioc.notify.receivers import email, in_app, webhook
from ioc.notify.receivers.base import ConfigError, ReceiverKind, Send

KINDS: dict[str, ReceiverKind] = {k.name: k for k in (webhook.KIND, email.KIND, in_app.KIND)}

__all__ = ["KINDS", "ConfigError", "ReceiverKind", "Send"]
