"""The offline base map: a PMTiles file on disk served with range requests; none configured is a 404."""

from __future__ import annotations


def test_pmtiles_file_is_served_by_range(client, tmp_path, monkeypatch) -> None:
    assert client.get("/basemap.pmtiles").status_code == 404
    archive = tmp_path / "province.pmtiles"
    archive.write_bytes(b"PMTiles" + bytes([3]) + bytes(range(256)) * 4)
    monkeypatch.setenv("IOC_LAYERS_PMTILES_PATH", str(archive))
    sections = client.app.state.settings._sections
    sections.clear()
    try:
        whole = client.get("/basemap.pmtiles")
        part = client.get("/basemap.pmtiles", headers={"Range": "bytes=0-7"})
    finally:
        sections.clear()
    assert whole.status_code == 200 and whole.content == archive.read_bytes()
    assert part.status_code == 206 and part.content == b"PMTiles\x03"
    assert part.headers["content-range"] == f"bytes 0-7/{archive.stat().st_size}"
