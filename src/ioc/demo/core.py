"""Core demo data: the province's units with synthetic boundaries, agencies and users."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.auth.security import hash_password
from ioc.kit import names

# Demo accounts: (username, role, agency code or None, password, full name).
# The demo resets these passwords on every start, so what it prints is always true.
DEMO_USERS = [
    ("admin", "admin", None, "ioc-admin-demo", "Quản trị hệ thống"),
    ("lanhdao", "leader", None, "ioc-lanhdao-demo", "Nguyễn Văn Lãnh"),
    ("dieuhanh", "operator", None, "ioc-dieuhanh-demo", "Trần Thị Điều"),
    ("canbo", "agency_officer", "SO_XD", "ioc-canbo-demo", "Lê Văn Cán"),
    ("nguoidan", "citizen", None, "ioc-nguoidan-demo", "Phạm Thị Dân"),
]

# Province-level agencies after the 2025 reorganisation of departments.
DEMO_AGENCIES = [
    ("SO_NNMT", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment", "department"),
    ("SO_XD", "Sở Xây dựng", "Department of Construction", "department"),
    ("SO_YT", "Sở Y tế", "Department of Health", "department"),
    ("SO_GDDT", "Sở Giáo dục và Đào tạo", "Department of Education and Training", "department"),
    ("SO_VHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism", "department"),
    ("SO_TC", "Sở Tài chính", "Department of Finance", "department"),
    ("CONG_AN", "Công an thành phố", "City Police", "police"),
    ("DIEN_LUC", "Công ty Điện lực", "Power Company", "utility"),
    ("CAP_NUOC", "Công ty Cấp nước", "Water Supply Company", "utility"),
]


def seed_areas(session: Session, province: str) -> None:
    """Units of the province, with synthetic boundaries when none are stored."""
    areas_service.load_jurisdiction(session, province)
    if not areas_service.with_boundaries(session, "ward"):
        areas_service.generate_synthetic(session, province)
    areas_service.seed_synthetic_population(session, province)


def seed_agencies(session: Session, province: str) -> None:
    """Department-level agencies covering the whole province, and each ward's People's Committee."""
    wards, _ = areas_service.search(
        session, level="ward", parent=province, q=None, sort=("code", False), offset=0, limit=100_000
    )
    all_codes = [w.code for w in wards]
    for code, name, name_en, kind in DEMO_AGENCIES:
        found = auth_service.get_agency(session, code)
        if found is None or found.name_en.startswith("People's Committee of "):  # the older, half-Vietnamese form
            auth_service.upsert_agency(
                session,
                SYSTEM,
                code=code,
                name=name,
                name_en=name_en,
                kind=kind,
                supervisor_email=f"{code.lower()}@demo.ioc.local",
                area_codes=all_codes,
            )
    for ward in wards:
        code = f"UBND_{ward.code}"
        if auth_service.get_agency(session, code) is None:
            auth_service.upsert_agency(
                session,
                SYSTEM,
                code=code,
                name=f"UBND {ward.name}",
                name_en=names.display(f"UBND {ward.name}", "en"),
                kind="commune",
                area_codes=[ward.code],
            )


def seed_users(session: Session) -> list[tuple[str, str, str]]:
    """Create the demo users (or reset their passwords); returns (username, role, password)."""
    printed = []
    for username, role, agency, password, full_name in DEMO_USERS:
        user = auth_service.get_user_by_name(session, username)
        if user is None:
            auth_service.create_user(
                session,
                SYSTEM,
                username=username,
                password=password,
                role=role,
                agency_code=agency,
                full_name=full_name,
            )
        else:
            user.password_hash, user.active = hash_password(password), True
        printed.append((username, role, password))
    return printed
