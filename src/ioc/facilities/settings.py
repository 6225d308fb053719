"""Facilities settings from IOC_FACILITIES_* environment variables."""

from __future__ import annotations

from fastapi import Request
from pydantic_settings import BaseSettings, SettingsConfigDict


class FacilitiesSettings(BaseSettings):
    """Every field can be set as IOC_FACILITIES_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IOC_FACILITIES_", extra="ignore")

    # proxy: the IOC streams the camera through itself (viewers never learn the camera's address);
    # link: viewers' browsers open the camera's URL themselves (the API gives it to them only).
    camera_mode: str = "proxy"
    # Hosts, addresses and CIDR networks a camera URL may name although they are not public (cameras
    # usually sit on a private network), comma list.
    camera_allowed_hosts: str = ""
    synthetic_fps: float = 2.0  # frames per second of the demo's synthetic MJPEG stream
    stream_max_seconds: int = 600  # one stream answer lasts at most this long; the wall reopens it


def facilities_settings(request: Request) -> FacilitiesSettings:
    """FastAPI dependency: this app's facilities settings."""
    return request.app.state.settings.section(FacilitiesSettings)
