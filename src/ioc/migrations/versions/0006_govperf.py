"""govperf: one-stop-shop dossiers and 766 service-index scores

Revision ID: 0006_govperf
Revises: 0005_kpi
"""
import sqlalchemy as sa
from alembic import op

import ioc.db.types

revision = "0006_govperf"
down_revision = "0005_kpi"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gov_dossiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=True),
    sa.Column('procedure_code', sa.String(length=60), nullable=False),
    sa.Column('procedure_name', sa.String(length=300), nullable=False),
    sa.Column('received_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('paid_online', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gov_dossiers')),
    sa.UniqueConstraint('code', name=op.f('uq_gov_dossiers_code'))
    )
    op.create_table('gov_scores_766',
    sa.Column('unit_code', sa.String(length=40), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('unit_kind', sa.String(length=10), nullable=False),
    sa.Column('transparency', sa.Float(), nullable=False),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('online_service', sa.Float(), nullable=False),
    sa.Column('online_payment', sa.Float(), nullable=False),
    sa.Column('digitisation', sa.Float(), nullable=False),
    sa.Column('satisfaction', sa.Float(), nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('unit_code', 'period_start', 'frequency', name=op.f('pk_gov_scores_766'))
    )
    op.create_index('ix_gov_dossiers_area', 'gov_dossiers', ['area_code', 'received_at'], unique=False)
    op.create_index('ix_gov_dossiers_agency', 'gov_dossiers', ['agency_code', 'received_at'], unique=False)


def downgrade() -> None:
    op.drop_table('gov_scores_766')
    op.drop_table('gov_dossiers')
