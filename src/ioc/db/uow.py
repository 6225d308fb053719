"""The unit of work: the one place that commits.

A request gets one session from `get_session`; it commits when the handler returns and rolls
back when it raises. Tasks, CLI commands and the demo use `unit_of_work(factory)` the same way.
Handlers, services and repositories never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from fastapi import Depends, Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (task and CLI boundary)."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_session(request: Request) -> Iterator[Session]:
    """The request's session: committed when the handler returns, rolled back if it raises."""
    with unit_of_work(request.app.state.session_factory) as session:
        yield session


def discard(session: Session) -> None:
    """Undo what the handler wrote so far (a dry run, a refused import) and keep the session usable."""
    session.rollback()


def retry_on_conflict(session: Session, work: Callable[[], T]) -> T:
    """Run a write and flush it; once more from a fresh transaction when a concurrent writer won a race.

    Two writers creating the same row at once (an NGSI-LD upsert from two gateways, a busy SQLite)
    make the second one fail on a unique key; rerunning its work sees the row and updates it.
    """
    for attempt in (1, 2):
        try:
            result = work()
            session.flush()
            return result
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


# Handlers take `db: Session = DB`. Function scope: the session commits after the handler returns
# and before the answer is sent, so a client never sees a success that was not stored. Every handler
# uses this one dependency (FastAPI caches by scope, so the principal's lookup and the handler share
# the session).
DB = Depends(get_session, scope="function")
