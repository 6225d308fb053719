"""Regular expressions written by callers (q `~=`, idPattern), compiled with RE2.

Python's `re` backtracks: `(.*.*)*XZ` against thirty characters runs for minutes and holds the
worker (and, through the GIL, every other request of the process). RE2 runs in time linear in
the input and refuses what it cannot do that way (backreferences, lookaround); its memory is
capped too, so no pattern a caller sends can run unbounded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from ioc.ngsi_ld.errors import bad_data

MAX_PATTERN_LENGTH = 512
_MAX_MEM = 4 << 20  # bytes RE2 may use for one compiled pattern


def _options() -> re2.Options:
    options = re2.Options()
    options.max_mem = _MAX_MEM
    options.log_errors = False  # a caller's typo is answered with 400, not logged by the C++ library
    return options


@lru_cache(maxsize=256)
def _compiled(text: str) -> Any:
    return re2.compile(text, _options())


def compile_pattern(text: Any, field: str) -> Any:
    """An RE2 pattern (search / fullmatch like `re`); 400 BadRequestData naming the field."""
    if not isinstance(text, str):
        raise bad_data(field, "must be a regular expression (text)")
    if len(text) > MAX_PATTERN_LENGTH:
        raise bad_data(field, f"a regular expression of at most {MAX_PATTERN_LENGTH} characters")
    try:
        return _compiled(text)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise bad_data(
            field,
            f"not a regular expression IOC can run ({reason}); patterns use RE2 syntax, "
            "without backreferences or lookaround",
        ) from None
