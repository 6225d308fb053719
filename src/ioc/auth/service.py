"""Auth domain logic: users, agencies, API keys, principals. Never commits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ioc.auth import audit, repository
from ioc.auth.keycache import live_keys
from ioc.auth.models import AGENCY_KINDS, ROLES, Agency, ApiKey, User
from ioc.auth.principal import Principal
from ioc.auth.security import dummy_hash, hash_api_key, hash_password, new_api_key, verify_password
from ioc.auth.security import new_csrf_token as new_csrf_token  # re-exported: the web session cookie
from ioc.auth.security import new_session_id as new_session_id  # re-exported: the web session cookie
from ioc.kit.errors import Conflict, NotFound, ValidationProblem
from ioc.kit.names import display
from ioc.kit.timeutil import utcnow

USER_FIELDS = ("username", "role", "agency_code", "full_name", "email", "active")
API_KEY_ROLES = ("integrator", "operator", "admin")
MIN_PASSWORD = 8


def _invalid(field: str, message: str) -> ValidationProblem:
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def check_role_and_agency(session: Session, role: str, agency_code: str | None) -> None:
    """Raise a validation problem unless the role exists and its agency rule holds."""
    if role not in ROLES:
        raise _invalid("role", f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "agency_officer" and not agency_code:
        raise _invalid("agency", "an agency_officer must belong to an agency")
    check_agency(session, agency_code)


def check_agency(session: Session, agency_code: str | None, field: str = "agency") -> None:
    """Raise a validation problem unless the agency is None (none) or exists ('' is not an agency)."""
    if agency_code is not None and repository.agency(session, agency_code) is None:
        raise _invalid(field, f"unknown agency {agency_code!r}")


def create_user(
    session: Session,
    actor: Principal,
    *,
    username: str,
    password: str,
    role: str,
    agency_code: str | None = None,
    full_name: str = "",
    email: str | None = None,
) -> User:
    """Create a user; the username must be new."""
    username = username.strip()
    if not username or len(username) > 80:
        raise _invalid("username", "must be 1 to 80 characters")
    if len(password) < MIN_PASSWORD:
        raise _invalid("password", f"must be at least {MIN_PASSWORD} characters")
    check_role_and_agency(session, role, agency_code)
    if repository.user_by_name(session, username):
        raise Conflict(f"user {username!r} already exists")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        agency_code=agency_code,
        full_name=full_name,
        email=email,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, after=audit.snapshot(user, USER_FIELDS))
    return user


def update_user(session: Session, actor: Principal, user_id: int, changes: dict) -> User:
    """Change a user's role, agency, name, email, active flag or password."""
    user = repository.user_by_id(session, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    before = audit.snapshot(user, USER_FIELDS)
    role, agency_code = changes.get("role", user.role), changes.get("agency_code", user.agency_code)
    check_role_and_agency(session, role, agency_code)
    for name in ("role", "agency_code", "full_name", "email", "active"):
        if name in changes:
            setattr(user, name, changes[name])
    if changes.get("password"):
        if len(changes["password"]) < MIN_PASSWORD:
            raise _invalid("password", f"must be at least {MIN_PASSWORD} characters")
        user.password_hash = hash_password(changes["password"])
    if "password" in changes or changes.get("active") is False or "role" in changes:
        user.token_version += 1  # revoke sessions and tokens issued before
    audit.record(session, actor, "user.update", "user", user.id, before=before, after=audit.snapshot(user, USER_FIELDS))
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    user = repository.user_by_name(session, username.strip())
    if user is None or not user.active:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    return user


def sign_out(session: Session, principal: Principal, sid: str, ttl_seconds: int) -> None:
    """Revoke one web session (other devices stay signed in); audited."""
    now = utcnow()
    repository.revoke_session(session, sid, principal.id or 0, now + timedelta(seconds=ttl_seconds), now)
    audit.record(session, principal, "session.logout", "user", principal.id)


def principal_for_user(session: Session, user: User) -> Principal:
    """The principal of a signed-in user, with the wards of their agency."""
    areas = frozenset(repository.agency_area_codes(session, user.agency_code)) if user.agency_code else frozenset()
    return Principal(
        kind="user",
        name=user.username,
        role=user.role,
        id=user.id,
        agency_code=user.agency_code,
        area_codes=areas,
        language=user.language,
    )


def create_api_key(
    session: Session, actor: Principal, name: str, role: str = "integrator", agency_code: str | None = None
) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the plain key, shown once."""
    if role not in API_KEY_ROLES:
        raise _invalid("role", f"API key role must be one of {', '.join(API_KEY_ROLES)}")
    check_agency(session, agency_code, "agency_code")
    if repository.api_key_by_name(session, name):
        raise Conflict(f"API key {name!r} already exists")
    plain = new_api_key()
    row = ApiKey(name=name, prefix=plain[:10], key_hash=hash_api_key(plain), role=role, agency_code=agency_code)
    session.add(row)
    session.flush()
    audit.record(session, actor, "apikey.create", "api_key", row.id, after={"name": name, "role": role})
    return row, plain


def revoke_api_key(session: Session, actor: Principal, name: str) -> ApiKey:
    """Revoke a key by name."""
    row = repository.api_key_by_name(session, name)
    if row is None or row.revoked_at is not None:
        raise NotFound(f"API key {name!r} not found or already revoked")
    row.revoked_at = utcnow()
    audit.record(session, actor, "apikey.revoke", "api_key", row.id, after={"name": name})
    # Now, so this process refuses the key at once; and at commit, in case a request cached it meanwhile.
    live_keys.clear()
    sa_event.listen(session, "after_commit", live_keys.clear, once=True)
    return row


DEFAULT_KEY_CACHE_SECONDS = 10.0


def principal_for_api_key(session: Session, plain: str) -> Principal | None:
    """The principal of a live API key, or None; a live key is read from the database once per few seconds."""
    key_hash = hash_api_key(plain)
    cached = live_keys.get(key_hash)
    if cached is not None:
        return cached
    row = repository.api_key_by_hash(session, key_hash)
    if row is None:
        return None
    principal = Principal(kind="apikey", name=row.name, role=row.role, id=row.id, agency_code=row.agency_code)
    settings = session.info.get("settings")
    live_keys.put(key_hash, principal, getattr(settings, "api_key_cache_seconds", DEFAULT_KEY_CACHE_SECONDS))
    return principal


def upsert_agency(
    session: Session,
    actor: Principal,
    *,
    code: str,
    name: str,
    kind: str = "department",
    name_en: str = "",
    supervisor_email: str | None = None,
    area_codes: list[str] | None = None,
) -> Agency:
    """Create or update an agency and the wards it covers."""
    if kind not in AGENCY_KINDS:
        raise _invalid("kind", f"unknown agency kind {kind!r}; one of {', '.join(AGENCY_KINDS)}")
    if area_codes:
        from ioc.areas import service as areas_service

        unknown = sorted(set(area_codes) - areas_service.existing_codes(session, area_codes))
        if unknown:
            raise _invalid("area_codes", f"unknown area code(s): {', '.join(unknown[:10])}")
    row = repository.agency(session, code)
    before = audit.snapshot(row, ("name", "kind", "supervisor_email")) if row else None
    if row is None:
        row = Agency(code=code)
        session.add(row)
    row.name, row.name_en, row.kind, row.supervisor_email = name, name_en, kind, supervisor_email
    session.flush()
    if area_codes is not None:
        repository.set_agency_areas(session, code, area_codes)
    audit.record(
        session,
        actor,
        "agency.upsert",
        "agency",
        code,
        before=before,
        after={"name": name, "kind": kind, "supervisor_email": supervisor_email, "areas": sorted(area_codes or [])},
    )
    return row


# ---- lookups: the questions other domains and the app shell ask about users and agencies -----


def get_user(session: Session, user_id: int) -> User | None:
    """A user by id, or None."""
    return repository.user_by_id(session, user_id)


def get_user_by_name(session: Session, username: str) -> User | None:
    """A user by login name, or None."""
    return repository.user_by_name(session, username)


def get_agency(session: Session, code: str) -> Agency | None:
    """An agency by code (active or not), or None."""
    return repository.agency(session, code)


def list_api_keys(session: Session) -> list[ApiKey]:
    """Every API key, revoked ones too (for listing; never their secrets)."""
    return repository.list_api_keys(session)


def agency_exists(session: Session, code: str) -> bool:
    """True if an active agency has this code."""
    row = repository.agency(session, code)
    return row is not None and bool(row.active)


def active_agency_codes(session: Session) -> frozenset[str]:
    """Codes of the active agencies."""
    return frozenset(repository.active_agency_codes(session))


def agency_names(session: Session) -> dict[str, tuple[str, str]]:
    """Agency code → (Vietnamese name, English name; "" when it has none), every agency."""
    return repository.agency_names(session)


def agency_labels(session: Session, lang: str = "vi") -> dict[str, str]:
    """Agency code → name in a language (the Vietnamese name when there is no English one)."""
    return {code: display(vi, lang, en) for code, (vi, en) in repository.agency_names(session).items()}


def agency_supervisor_email(session: Session, code: str) -> str | None:
    """The e-mail address of an agency's supervisor, if it has one."""
    row = repository.agency(session, code)
    return row.supervisor_email if row is not None else None
