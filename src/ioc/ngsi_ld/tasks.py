"""Background work of NGSI-LD: none of its own; importing registers the notification deliverer."""

from __future__ import annotations

from fastapi import FastAPI

from ioc.ngsi_ld import notify  # noqa: F401  (registers the outbox handler in `ioc worker` too)


def background(app: FastAPI) -> list:
    """NGSI-LD runs no loop: notifications ride on the kit's outbox delivery."""
    return []
