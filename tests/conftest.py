"""Test fixtures: a real database built by the migrations, SQLite or PostgreSQL (--db)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, inspect, text
from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db import schema
from ioc.db.session import make_engine
from ioc.main import create_app
from ioc.models_registry import metadata

PG_URL = os.environ.get("IOC_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
TEST_PROVINCE = "48"
# Fixed, and random-looking enough for production mode (IOC_PRODUCTION refuses low-entropy secrets).
TEST_SECRET = "test-secret-Kq7vN2pR9sXw4ZyB1mLc8Jd3Hf6Tg0Ua"
KEEP_TABLES = {"alembic_version"}


def pytest_collection_modifyitems(config, items) -> None:
    """Run browser tests last: Playwright's sync API leaves an event loop behind that async tests trip on."""
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db", choices=["sqlite", "postgres"], default="sqlite", help="database backend for the tests (default sqlite)"
    )


@pytest.fixture(scope="session")
def db_kind(request: pytest.FixtureRequest) -> str:
    """Which backend this run uses."""
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def database_url(db_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database for this run: a SQLite file, or a PostgreSQL schema of its own."""
    if db_kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    schema_name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema_name}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """The engine, with the schema built by the real migrations."""
    eng = make_engine(database_url)
    schema.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    """Settings for a test deployment of the demo province."""
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET,
        jurisdiction=TEST_PROVINCE,
        media_dir=str(tmp_path / "media"),
        log_json=False,
        password_hashing="cheapest",  # Argon2id at RFC 9106 cost is ~0.1 s a hash; users are made by the hundred
    )


@pytest.fixture
def app(settings: Settings, engine: Engine):
    """The application, without background loops (tests drive them explicitly)."""
    return create_app(settings, engine=engine, run_background=False)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """An HTTP client talking to the app in-process."""
    with TestClient(app) as c:
        yield c


def _clean(engine: Engine) -> None:
    # Only tables the migrations made: a model without a migration fails test_migrations instead.
    existing = set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name in existing and table.name not in KEEP_TABLES:
                conn.execute(delete(table))


@pytest.fixture
def db(app, engine: Engine) -> Iterator[Session]:
    """A session on the test database; every table is emptied after the test."""
    session = app.state.session_factory()
    yield session
    session.close()
    _clean(engine)


@pytest.fixture
def province(db: Session) -> str:
    """The test province's units, with synthetic ward boundaries."""
    from ioc.demo import core

    core.seed_areas(db, TEST_PROVINCE)
    db.commit()
    return TEST_PROVINCE


@pytest.fixture
def make_user(db: Session, client: TestClient):
    """Create a user with a role and return (username, bearer headers)."""

    def make(role: str, agency: str | None = None, username: str | None = None) -> tuple[str, dict]:
        name = username or f"{role}-{uuid.uuid4().hex[:6]}"
        auth_service.create_user(db, SYSTEM, username=name, password="password-123", role=role, agency_code=agency)
        db.commit()
        res = client.post("/api/v1/auth/token", data={"username": name, "password": "password-123"})
        assert res.status_code == 200, res.text
        return name, {"Authorization": f"Bearer {res.json()['access_token']}"}

    return make


@pytest.fixture
def api_key(db: Session) -> str:
    """A live integrator API key."""
    _, plain = auth_service.create_api_key(db, SYSTEM, f"key-{uuid.uuid4().hex[:6]}")
    db.commit()
    return plain


from tests.browser import browser, live_server, new_page  # noqa: E402,F401  (shared browser fixtures)
