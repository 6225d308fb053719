"""SQLite writers of one process queue on a lock held from the first write to the end of the transaction."""

from __future__ import annotations

import threading

from sqlalchemy import text

from ioc.db.session import make_engine


def _engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    return engine


def test_the_lock_is_held_from_the_first_write_until_commit_or_rollback(tmp_path):
    engine = _engine(tmp_path)
    lock = engine.sqlite_writers
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM notes"))
        assert not lock.locked()  # reading takes nothing
        conn.execute(text("INSERT INTO notes (body) VALUES ('a')"))
        assert lock.locked()
        conn.commit()
        assert not lock.locked()
        conn.execute(text("UPDATE notes SET body = 'b'"))
        assert lock.locked()
        conn.rollback()
        assert not lock.locked()
    with engine.connect() as conn:  # closed without commit or rollback: the pool's reset lets go
        conn.execute(text("INSERT INTO notes (body) VALUES ('c')"))
    assert not lock.locked()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT body FROM notes")).scalars().all() == ["a"]
    engine.dispose()


def test_concurrent_writers_all_store_their_rows(tmp_path):
    engine = _engine(tmp_path)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(25):
                with engine.begin() as conn:
                    conn.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": f"{n}-{i}"})
                    conn.execute(text("UPDATE notes SET body = body WHERE id = 1"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM notes")).scalar() == 150
    assert not engine.sqlite_writers.locked()
    engine.dispose()
