"""auth: web sessions signed out before their cookies expire

Revision ID: 0001a_auth_revoked_sessions
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

import ioc.db.types

revision = "0001a_auth_revoked_sessions"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('revoked_sessions',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('revoked_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_revoked_sessions_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sid', name=op.f('pk_revoked_sessions'))
    )
    with op.batch_alter_table('revoked_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revoked_sessions_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revoked_sessions_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('revoked_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revoked_sessions_expires_at'))
        batch_op.drop_index(batch_op.f('ix_revoked_sessions_user_id'))
    op.drop_table('revoked_sessions')
