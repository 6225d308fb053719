"""Who is calling: the identity every service receives."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    """The authenticated caller (a user, an API key, the system or an anonymous visitor)."""

    kind: str  # user | apikey | system | anonymous
    name: str
    role: str
    id: int | None = None
    agency_code: str | None = None
    area_codes: frozenset[str] = field(default_factory=frozenset)
    language: str = "vi"

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return self.name if self.kind == "user" else f"{self.kind}:{self.name}"

    def has_role(self, *roles: str) -> bool:
        """True if the caller holds one of these roles."""
        return self.role in roles

    @property
    def is_staff(self) -> bool:
        """IOC staff see reporters' personal data; agencies and the public do not."""
        return self.role in ("admin", "operator", "leader")


SYSTEM = Principal(kind="system", name="system", role="admin")
ANONYMOUS = Principal(kind="anonymous", name="anonymous", role="anonymous")
