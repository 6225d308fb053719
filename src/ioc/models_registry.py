"""The metadata of every table of every domain (for Alembic and tests)."""

from ioc.db.base import Base
from ioc.plugins import import_all_models

import_all_models()
metadata = Base.metadata
