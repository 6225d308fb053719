"""Details of the request being served (id, client address), set by the request middleware.

Services read them (the audit log records them) without the request being passed around.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from types import MappingProxyType

# Outside a request (tasks, the CLI) the details are empty; the default is read-only so no caller can fill it.
request_context: ContextVar[Mapping[str, str | None]] = ContextVar("request_context", default=MappingProxyType({}))
