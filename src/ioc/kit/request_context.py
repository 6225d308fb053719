"""Details of the request being served (id, client address), set by the request middleware.

Services read them (the audit log records them) without the request being passed around.
"""

from __future__ import annotations

from contextvars import ContextVar

request_context: ContextVar[dict[str, str | None]] = ContextVar("request_context", default={})
