"""The checks a station write passes before anything is stored: who may write it, and its owner agency."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.kit.errors import Forbidden, invalid_field
from ioc.kit.i18n import Text

WRITER_ROLES = ("admin", "operator", "integrator")


def writer(principal: Principal, owner_agency: str | None) -> None:
    """A 403 unless the caller may write stations of this owner."""
    if principal.role not in WRITER_ROLES:
        raise Forbidden(f"Writing stations needs one of the roles {', '.join(WRITER_ROLES)}.")
    # A key issued to an agency manages only that agency's stations.
    if principal.role == "integrator" and principal.agency_code and owner_agency != principal.agency_code:
        raise Forbidden(f"owner_agency: this API key may only manage stations of {principal.agency_code}.")


def agency(session: Session, code: str | None, current: str | None = None) -> None:
    """A 422 naming owner_agency and the code unless the code is none, the current owner or an active agency."""
    # A new owner must be an active agency; an owner kept as it is stays even if since retired.
    if code is not None and code != current and not auth_service.agency_exists(session, code):
        raise invalid_field("owner_agency", Text("không có cơ quan '{code}' trong danh mục", code=code))
