"""A deployment's private signing key is sealed in the database under a secret, and `ioc federation reseal` moves
it to a new secret: snapshots stay signed with the same key; the wrong secret is a clear problem."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from ioc.auth.principal import SYSTEM
from ioc.cli import build_cli
from ioc.config import get_settings
from ioc.federation import crypto, link
from ioc.federation import repository as repo
from ioc.federation.settings import FederationSettings
from ioc.kit.errors import Conflict


def _stored(db) -> str:
    return db.execute(text("SELECT private_key FROM fed_identity")).scalar_one()


def test_the_private_key_is_not_stored_in_clear_and_still_signs(db, settings):
    me = link.keygen(db, SYSTEM, "48")
    db.commit()
    stored = _stored(db)
    clear = link.private_key(db, me)
    assert stored.startswith("v1:") and clear not in stored
    assert crypto.public_of(clear) == me.public_key
    assert crypto.verify(me.public_key, b"body", crypto.sign(clear, b"body"))


def test_another_secret_cannot_open_it_until_resealed(db, settings):
    me = link.keygen(db, SYSTEM, "48")
    db.commit()
    clear = link.private_key(db, me)
    settings.set_section(FederationSettings(key_secret="a-new-secret-for-the-keys"))
    with pytest.raises(Conflict, match="reseal"):
        link.private_key(db, me)
    with pytest.raises(Conflict):
        link.reseal(db, SYSTEM, "not-the-old-secret")
    db.rollback()
    assert link.reseal(db, SYSTEM, "ioc-federation:" + settings.secret_key) == 1
    db.commit()
    assert link.private_key(db, repo.identity(db)) == clear


def test_a_key_stored_in_clear_before_sealing_is_sealed_by_reseal(db, settings):
    me = link.keygen(db, SYSTEM, "48")
    clear = link.private_key(db, me)
    me.private_key = clear  # what a deployment from before sealing holds
    db.commit()
    assert link.reseal(db, SYSTEM, None) == 1
    db.commit()
    assert _stored(db).startswith("v1:") and link.private_key(db, repo.identity(db)) == clear


def test_the_reseal_command(database_url, engine, db, monkeypatch):
    monkeypatch.setenv("IOC_DATABASE_URL", database_url)
    monkeypatch.setenv("IOC_JURISDICTION", "48")
    monkeypatch.setenv("IOC_SECRET_KEY", "the-old-secret-key-of-this-deployment-0123456789")
    get_settings.cache_clear()
    run = CliRunner()
    try:
        assert run.invoke(build_cli(), ["federation", "keygen"], catch_exceptions=False).exit_code == 0
        before = _stored(db)
        monkeypatch.setenv("IOC_FEDERATION_KEY_SECRET", "the-federation-secret-0123456789")
        get_settings.cache_clear()
        refused = run.invoke(build_cli(), ["federation", "reseal"])
        assert refused.exit_code != 0 and "reseal" in refused.output
        old = "ioc-federation:the-old-secret-key-of-this-deployment-0123456789"
        done = run.invoke(build_cli(), ["federation", "reseal", "--old-secret", old], catch_exceptions=False)
        assert done.exit_code == 0 and "resealed 1" in done.output
        db.expire_all()
        after = _stored(db)
        assert after != before and after.startswith("v1:")
        key_id = db.execute(text("SELECT key_id FROM fed_identity")).scalar_one()
        opened = crypto.unseal(after, "the-federation-secret-0123456789", key_id)
        assert crypto.public_of(opened) == db.execute(text("SELECT public_key FROM fed_identity")).scalar_one()
    finally:
        get_settings.cache_clear()
