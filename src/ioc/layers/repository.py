"""All SQL of the layers domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ioc.layers.models import Layer, LayerFeature

CHUNK = 2000


def add_layer(session: Session, layer: Layer) -> Layer:
    """Insert a layer and give it its id."""
    session.add(layer)
    session.flush()
    return layer


def add_features(session: Session, layer_id: int, rows: list[dict[str, Any]]) -> None:
    """Insert a layer's features in chunks (one executemany each)."""
    table = LayerFeature.__table__
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), [dict(r, layer_id=layer_id) for r in rows[start : start + CHUNK]])


def get(session: Session, layer_id: int) -> Layer | None:
    """A layer by id."""
    return session.get(Layer, layer_id)


def all_layers(session: Session) -> list[Layer]:
    """Every layer, by sector then Vietnamese name."""
    return list(session.scalars(select(Layer).order_by(Layer.sector, Layer.name_vi, Layer.id)))


def delete_layer(session: Session, layer: Layer) -> None:
    """Remove a layer and its features."""
    session.execute(delete(LayerFeature).where(LayerFeature.layer_id == layer.id))
    session.delete(layer)
    session.flush()


def features_in(
    session: Session, layer_id: int, zoom: int, column: str, bbox: tuple[float, float, float, float], limit: int
) -> list[tuple[int, str, str]]:
    """(seq, properties JSON, geometry JSON) of features whose bbox meets the box, at one zoom band's column."""
    west, south, east, north = bbox
    geom = getattr(LayerFeature, column)
    query = (
        select(LayerFeature.seq, LayerFeature.properties, geom)
        .where(
            LayerFeature.layer_id == layer_id,
            LayerFeature.min_zoom <= zoom,  # in the index: features not drawn at this zoom are never read
            LayerFeature.min_lon <= east,
            LayerFeature.max_lon >= west,
            LayerFeature.min_lat <= north,
            LayerFeature.max_lat >= south,
        )
        .order_by(LayerFeature.seq)
        .limit(limit)
    )
    return [tuple(r) for r in session.execute(query)]
