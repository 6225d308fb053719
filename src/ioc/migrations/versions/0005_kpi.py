"""kpi: indicator catalogue, values and revisions, targets, derived facts

Revision ID: 0005_kpi
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0005_kpi"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kpi_current',
    sa.Column('indicator_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_status', sa.String(length=10), nullable=False),
    sa.Column('yoy_pct', sa.Float(), nullable=True),
    sa.Column('yoy_diff', sa.Float(), nullable=True),
    sa.Column('ytd', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('plan', sa.Float(), nullable=True),
    sa.Column('pct_target', sa.Float(), nullable=True),
    sa.Column('track', sa.String(length=10), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('indicator_code', 'area_code', 'period_start', name=op.f('pk_kpi_current'))
    )
    op.create_table('kpi_indicators',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('unit_en', sa.String(length=40), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('domain', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.String(length=5), nullable=False),
    sa.Column('time_agg', sa.String(length=5), nullable=False),
    sa.Column('area_agg', sa.String(length=15), nullable=False),
    sa.Column('price_basis', sa.String(length=20), nullable=False),
    sa.Column('source_agency', sa.String(length=200), nullable=False),
    sa.Column('source_ref', sa.String(length=120), nullable=False),
    sa.Column('headline', sa.Boolean(), nullable=False),
    sa.Column('digits', sa.Integer(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_kpi_indicators'))
    )
    op.create_table('kpi_latest',
    sa.Column('indicator_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_status', sa.String(length=10), nullable=False),
    sa.Column('yoy_pct', sa.Float(), nullable=True),
    sa.Column('yoy_diff', sa.Float(), nullable=True),
    sa.Column('ytd', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('pct_target', sa.Float(), nullable=True),
    sa.Column('track', sa.String(length=10), nullable=False),
    sa.Column('sparkline', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('data_updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('indicator_code', 'area_code', name=op.f('pk_kpi_latest'))
    )
    op.create_table('kpi_targets',
    sa.Column('indicator_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('indicator_code', 'area_code', 'year', 'quarter', name=op.f('pk_kpi_targets'))
    )
    op.create_table('kpi_value_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('old_value', sa.Float(), nullable=True),
    sa.Column('new_value', sa.Float(), nullable=False),
    sa.Column('old_source', sa.String(length=200), nullable=True),
    sa.Column('new_source', sa.String(length=200), nullable=False),
    sa.Column('changed_by', sa.String(length=120), nullable=False),
    sa.Column('changed_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('via', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_value_revisions'))
    )
    op.create_table('kpi_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_values'))
    )
    op.create_index('ix_kpi_current_period', 'kpi_current', ['indicator_code', 'period_start', 'area_code'], unique=False)
    op.create_index('ix_kpi_indicators_domain', 'kpi_indicators', ['domain', 'headline'], unique=False)
    op.create_index('ix_kpi_latest_area', 'kpi_latest', ['area_code', 'track'], unique=False)
    op.create_index('ix_kpi_revisions_key', 'kpi_value_revisions', ['indicator_code', 'area_code', 'period_start'], unique=False)
    op.create_index('uq_kpi_values_key', 'kpi_values', ['indicator_code', 'area_code', 'period_start', 'status'], unique=True)


def downgrade() -> None:
    op.drop_table('kpi_values')
    op.drop_table('kpi_value_revisions')
    op.drop_table('kpi_targets')
    op.drop_table('kpi_latest')
    op.drop_table('kpi_indicators')
    op.drop_table('kpi_current')
