"""Layer settings from IOC_LAYERS_* environment variables."""

from __future__ import annotations

from fastapi import Request
from pydantic_settings import BaseSettings, SettingsConfigDict


class LayerSettings(BaseSettings):
    """Every field can be set as IOC_LAYERS_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_LAYERS_", extra="ignore")

    max_features: int = 200_000  # features in one layer
    max_vertices: int = 5_000_000  # vertices in one layer
    max_response_features: int = 20_000  # features in one bbox answer (the rest: "truncated": true)
    cache_seconds: int = 300  # Cache-Control max-age of feature answers
    pmtiles_path: str = ""  # a PMTiles base map on disk, served at /basemap.pmtiles; empty: none


def layer_settings(request: Request) -> LayerSettings:
    """FastAPI dependency: this app's layer settings."""
    return request.app.state.settings.section(LayerSettings)
