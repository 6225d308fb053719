"""feedback

Revision ID: 0004_feedback
Revises: 0001
Create Date: 2026-11-29 04:02:04.363884
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = '0004_feedback'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feedback_categories',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('group', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('keywords', sa.String(length=300), nullable=False),
    sa.Column('default_agency_code', sa.String(length=40), nullable=True),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['default_agency_code'], ['agencies.code'], name=op.f('fk_feedback_categories_default_agency_code_agencies')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_feedback_categories'))
    )
    op.create_table('feedback_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_code', sa.String(length=20), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('category_code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('area_code', sa.String(length=10), nullable=True),
    sa.Column('address', sa.String(length=400), nullable=False),
    sa.Column('address_id', sa.String(length=100), nullable=True),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('media_url', sa.String(length=500), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('client_name', sa.String(length=100), nullable=True),
    sa.Column('reporter_name', sa.String(length=200), nullable=False),
    sa.Column('reporter_email', sa.String(length=200), nullable=True),
    sa.Column('reporter_phone', sa.String(length=40), nullable=True),
    sa.Column('device_id', sa.String(length=200), nullable=True),
    sa.Column('account_id', sa.String(length=200), nullable=True),
    sa.Column('share_with_agency', sa.Boolean(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=True),
    sa.Column('public_reply', sa.Text(), nullable=False),
    sa.Column('reject_reason', sa.Text(), nullable=False),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('verify_due_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolve_due_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rating_comment', sa.Text(), nullable=False),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], name=op.f('fk_feedback_reports_agency_code_agencies')),
    sa.ForeignKeyConstraint(['category_code'], ['feedback_categories.code'], name=op.f('fk_feedback_reports_category_code_feedback_categories')),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['feedback_reports.id'], name=op.f('fk_feedback_reports_duplicate_of_id_feedback_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_reports')),
    sa.UniqueConstraint('token', name=op.f('uq_feedback_reports_token')),
    sa.UniqueConstraint('tracking_code', name=op.f('uq_feedback_reports_tracking_code'))
    )
    with op.batch_alter_table('feedback_reports', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_reports_agency_status', ['agency_code', 'status'], unique=False)
        batch_op.create_index('ix_feedback_reports_category_lat', ['category_code', 'lat'], unique=False)
        batch_op.create_index('ix_feedback_reports_public_requested', ['is_public', 'requested_at'], unique=False)
        batch_op.create_index('ix_feedback_reports_status', ['status'], unique=False)
        batch_op.create_index('ix_feedback_reports_updated', ['updated_at'], unique=False)

    op.create_table('feedback_routing_rules',
    sa.Column('category_code', sa.String(length=40), nullable=False),
    sa.Column('area_code', sa.String(length=10), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], name=op.f('fk_feedback_routing_rules_agency_code_agencies')),
    sa.ForeignKeyConstraint(['category_code'], ['feedback_categories.code'], name=op.f('fk_feedback_routing_rules_category_code_feedback_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('category_code', 'area_code', name=op.f('pk_feedback_routing_rules'))
    )
    op.create_table('feedback_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['feedback_reports.id'], name=op.f('fk_feedback_events_report_id_feedback_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_events'))
    )
    with op.batch_alter_table('feedback_events', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_events_at', ['at'], unique=False)
        batch_op.create_index('ix_feedback_events_report', ['report_id', 'at'], unique=False)

    op.create_table('feedback_followers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('webhook_url', sa.String(length=500), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['feedback_reports.id'], name=op.f('fk_feedback_followers_report_id_feedback_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_followers'))
    )
    with op.batch_alter_table('feedback_followers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_followers_report_id'), ['report_id'], unique=False)

    op.create_table('feedback_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('stem', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=30), nullable=False),
    sa.Column('extension', sa.String(length=8), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['feedback_reports.id'], name=op.f('fk_feedback_photos_report_id_feedback_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_photos')),
    sa.UniqueConstraint('stem', name=op.f('uq_feedback_photos_stem'))
    )
    with op.batch_alter_table('feedback_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_photos_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('feedback_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_photos_report_id'))

    op.drop_table('feedback_photos')
    with op.batch_alter_table('feedback_followers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_followers_report_id'))

    op.drop_table('feedback_followers')
    with op.batch_alter_table('feedback_events', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_events_report')
        batch_op.drop_index('ix_feedback_events_at')

    op.drop_table('feedback_events')
    op.drop_table('feedback_routing_rules')
    with op.batch_alter_table('feedback_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_reports_updated')
        batch_op.drop_index('ix_feedback_reports_status')
        batch_op.drop_index('ix_feedback_reports_public_requested')
        batch_op.drop_index('ix_feedback_reports_category_lat')
        batch_op.drop_index('ix_feedback_reports_agency_status')

    op.drop_table('feedback_reports')
    op.drop_table('feedback_categories')
