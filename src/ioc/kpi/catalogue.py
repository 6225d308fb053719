"""The seeded catalogue (src/ioc/kpi/data/catalogue.csv) and the allowed vocabularies."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import get_args

from ioc.kpi.schemas import Domain

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.csv"
DOMAINS = get_args(Domain)  # the one list: the schema's Literal
DOMAIN_LABELS = {
    "economy": "Kinh tế",
    "budget": "Ngân sách",
    "investment": "Đầu tư",
    "trade": "Thương mại",
    "prices": "Giá cả",
    "tourism": "Du lịch",
    "society": "Xã hội",
    "health": "Y tế",
    "education": "Giáo dục",
    "environment": "Môi trường",
    "land": "Đất đai, xây dựng",
    "security": "An ninh, trật tự",
    "traffic": "Giao thông",
    "government": "Chính quyền số",
}
DIRECTIONS = ("up", "down")
TIME_AGGS = ("sum", "mean", "last")
AREA_AGGS = ("sum", "weighted_mean", "none")
PRICE_BASES = ("current", "comparable_2010", "none")
VALUE_STATUSES = ("estimate", "official")
STATUS_WORDS = {
    "estimate": "estimate",
    "official": "official",
    "ước tính": "estimate",
    "uoc tinh": "estimate",
    "ước": "estimate",
    "chính thức": "official",
    "chinh thuc": "official",
}


@lru_cache
def builtin_rows() -> tuple[dict, ...]:
    """The seeded indicators as dicts ready for the table."""
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        row["headline"] = row["headline"] == "1"
        row["digits"] = int(row["digits"])
        row["builtin"] = True
        out.append(row)
    return tuple(out)
