"""The `ioc` command as an administrator uses it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ioc.cli import build_cli
from ioc.config import get_settings


@pytest.fixture
def run(database_url, engine, db, monkeypatch):
    """Invoke `ioc` against the test database."""
    monkeypatch.setenv("IOC_DATABASE_URL", database_url)
    monkeypatch.setenv("IOC_JURISDICTION", "48")
    get_settings.cache_clear()

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(build_cli(), list(args), input=input, catch_exceptions=False)

    yield invoke
    get_settings.cache_clear()


def test_users_add_reads_password_from_stdin(run, client):
    result = run("users", "add", "chutich", "--role", "leader", "--password-stdin", input="a-strong-password\n")
    assert result.exit_code == 0, result.output
    res = client.post("/api/v1/auth/token", data={"username": "chutich", "password": "a-strong-password"})
    assert res.status_code == 200 and res.json()["token_type"] == "bearer"


def test_users_add_refuses_unknown_agency(run):
    result = run(
        "users",
        "add",
        "x",
        "--role",
        "agency_officer",
        "--agency",
        "NOPE",
        "--password-stdin",
        input="a-strong-password\n",
    )
    assert result.exit_code == 1 and "unknown agency" in result.output


def test_apikeys_add_prints_a_working_key_last(run, client):
    result = run("apikeys", "add", "tram-quan-trac")
    assert result.exit_code == 0
    key = result.output.strip().splitlines()[-1]
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).json()["name"] == "tram-quan-trac"
    assert "tram-quan-trac" in run("apikeys", "list").output


def _square(lon: float, lat: float, d: float = 0.01) -> list:
    return [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]


def _write(tmp_path, features, **extra) -> str:
    path = tmp_path / "wards.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}), encoding="utf-8")
    return str(path)


def _feature(code, coords, prop="ma_xa"):
    return {"type": "Feature", "properties": {prop: code}, "geometry": {"type": "Polygon", "coordinates": coords}}


def test_areas_import_stores_boundaries_and_locate_uses_them(run, client, tmp_path):
    assert run("areas", "load").exit_code == 0
    path = _write(tmp_path, [_feature("20242", _square(108.2, 16.05)), _feature(20257, _square(108.21, 16.05))])
    result = run("areas", "import", path, "--code-property", "ma_xa")
    assert result.exit_code == 0, result.output
    assert "imported 2 boundaries" in result.output
    ward = client.get("/api/v1/areas/locate", params={"lat": 16.055, "lon": 108.215}).json()["ward"]
    assert ward["code"] == "20257" and ward["synthetic"] is False


@pytest.mark.parametrize(
    "features,extra,message",
    [
        ([_feature("99999", _square(108.2, 16.05))], {}, "unknown area code '99999'"),
        (
            [_feature("20242", [[[108.2, 16.0], [108.3, 16.1], [108.3, 16.0], [108.2, 16.1], [108.2, 16.0]]])],
            {},
            "invalid geometry: Self-intersection",
        ),
        (
            [_feature("20242", _square(108.2, 16.05))],
            {"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3405"}}},
            "wrong CRS",
        ),
        ([_feature("20242", _square(550000.0, 1770000.0, 500))], {}, "projected CRS"),
        (
            [
                {
                    "type": "Feature",
                    "properties": {"ma_xa": "20242"},
                    "geometry": {"type": "Point", "coordinates": [108, 16]},
                }
            ],
            {},
            "must be a Polygon or MultiPolygon",
        ),
        ([_feature("20242", _square(108.2, 16.05), prop="other")], {}, "property 'ma_xa' is missing"),
    ],
)
def test_areas_import_errors_name_the_problem_and_import_nothing(run, client, tmp_path, features, extra, message):
    assert run("areas", "load").exit_code == 0
    good = _feature("20257", _square(108.21, 16.05))
    result = run("areas", "import", _write(tmp_path, [good, *features], **extra), "--code-property", "ma_xa")
    assert result.exit_code == 1
    assert message in result.output
    assert "nothing was imported" in result.output
    assert client.get("/api/v1/areas/20257").json()["geometry"] is None


def test_areas_import_rejects_broken_json(run, tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text("{not json", encoding="utf-8")
    result = run("areas", "import", str(path), "--code-property", "ma_xa")
    assert result.exit_code == 1 and "not valid JSON" in result.output


def test_serve_refuses_an_outdated_schema(tmp_path, monkeypatch):
    monkeypatch.setenv("IOC_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(build_cli(), ["serve", "--port", "0"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "ioc db upgrade" in result.output


def test_db_current_reports_up_to_date(run):
    result = run("db", "current")
    assert result.exit_code == 0 and "up to date" in result.output
