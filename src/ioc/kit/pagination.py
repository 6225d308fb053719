"""Page and sort parameters shared by list endpoints."""

from __future__ import annotations

from typing import Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from ioc.kit.errors import ValidationProblem
from ioc.kit.types import INT32_MAX

T = TypeVar("T")
MAX_PAGE_SIZE = 500


class PageParams(BaseModel):
    """Which page of a list the caller wants, and in which order."""

    page: int = 1
    page_size: int = 50
    sort: str | None = None

    @property
    def offset(self) -> int:
        """Rows to skip for this page."""
        return (self.page - 1) * self.page_size

    def sort_key(self, allowed: set[str], default: str) -> tuple[str, bool]:
        """The (column, descending) pair for a `sort` like `-created_at`, checked against `allowed`."""
        raw = self.sort or default
        desc = raw.startswith("-")
        column = raw.lstrip("-+")
        if column not in allowed:
            raise ValidationProblem(
                f"sort: unknown column '{column}'; allowed: {', '.join(sorted(allowed))}",
                errors=[{"field": "sort", "message": f"unknown column '{column}'"}],
            )
        return column, desc


def page_params(
    page: int = Query(1, ge=1, le=INT32_MAX, description="Page number, from 1"),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Rows per page"),
    sort: str | None = Query(None, description="Column to sort by; prefix '-' for descending"),
) -> PageParams:
    """FastAPI dependency reading page, page_size and sort."""
    return PageParams(page=page, page_size=page_size, sort=sort)


class Page(BaseModel, Generic[T]):
    """One page of results with the total count."""

    items: list[T]
    total: int
    page: int
    page_size: int
