"""Incident pages: the board by status and an incident's detail."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from ioc.incidents import flows
from ioc.web.nav import NavItem
from ioc.web.templating import template_dirs

router = APIRouter(include_in_schema=False)
NAV = [NavItem("/incidents", "Sự cố", "alert", order=25, tab=True)]
STATUS = {"incident": {s: (label, flows.STATUS_TONE[s], flows.STATUS_ICON[s]) for s, label in flows.STATUS_LABELS.items()}}
template_dirs(str(Path(__file__).resolve().parent / "templates"))
