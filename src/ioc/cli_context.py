"""State shared by CLI commands: settings, engine and sessions, made on first use."""

from __future__ import annotations

import asyncio
import os
from functools import cached_property
from pathlib import Path

import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ioc.config import Settings, get_settings
from ioc.runtime import Runtime, build_runtime, running


class CliContext:
    """Lazily built settings, engine and session factory for one command."""

    @cached_property
    def settings(self) -> Settings:
        return get_settings()

    @cached_property
    def runtime(self) -> Runtime:
        return build_runtime(self.settings)

    @property
    def engine(self) -> Engine:
        return self.runtime.engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self.runtime.session_factory

    def use_demo_database(self) -> None:
        """Without IOC_DATABASE_URL, the demo keeps its own SQLite file in ./var (mail in ./var/mail)."""
        os.environ.setdefault("IOC_FEEDBACK_SMTP_HOST", "")
        if "IOC_DATABASE_URL" not in os.environ:
            Path("var").mkdir(exist_ok=True)
            self.settings.database_url = f"sqlite:///{Path('var/demo.db').resolve()}"

    def prepare_schema(self, migrate: bool) -> None:
        """Apply migrations if asked; otherwise refuse an outdated schema."""
        from ioc.db import schema

        if migrate:
            schema.upgrade(self.engine)
        elif schema.pending(self.engine):
            raise click.ClickException(
                "The database schema is out of date: run `ioc db upgrade` (or start with `ioc serve --migrate`)."
            )

    def run_server(self, host: str, port: int, workers: int, demo: bool = False) -> None:
        """Serve the app with uvicorn."""
        import uvicorn

        from ioc import logs
        from ioc.main import create_app

        self.settings.check_safe()
        logs.configure(self.settings.log_json)
        if workers > 1:
            os.environ["IOC_DATABASE_URL"] = self.settings.database_url
            uvicorn.run("ioc.main:create_app", factory=True, host=host, port=port, workers=workers, log_config=None)
            return
        app = create_app(self.settings, engine=self.engine, registry=self.runtime.registry)
        app.state.demo = demo
        uvicorn.run(app, host=host, port=port, log_config=None)

    def run_worker(self) -> None:
        """Run every domain's background jobs until interrupted (no web app in this process)."""
        from ioc import logs

        logs.configure(self.settings.log_json)
        self.settings.check_safe()

        async def forever() -> None:
            async with running(self.runtime):
                await asyncio.Event().wait()

        asyncio.run(forever())


pass_ctx = click.make_pass_decorator(CliContext)
