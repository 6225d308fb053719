"""directives: leaders' directives, assignments to agencies, progress reports, timeline

Revision ID: 0009e_directives
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

import ioc.db.types

revision = "0009e_directives"
down_revision = "0001"
branch_labels = None
depends_on = None

T = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('directives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('doc_ref', sa.String(length=80), nullable=True),
    sa.Column('issued_by', sa.String(length=120), nullable=False),
    sa.Column('issued_at', T, nullable=False),
    sa.Column('deadline', T, nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('source_kind', sa.String(length=12), nullable=False),
    sa.Column('source_id', sa.String(length=80), nullable=True),
    sa.Column('source_label', sa.String(length=300), nullable=True),
    sa.Column('source_url', sa.String(length=300), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directives'))
    )
    op.create_index('ix_directives_deadline', 'directives', ['deadline'])
    op.create_index('ix_directives_issued_by', 'directives', ['issued_by', 'issued_at'])
    op.create_index('ix_directives_source', 'directives', ['source_kind', 'source_id'])
    op.create_table('directive_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('deadline', T, nullable=False),
    sa.Column('acknowledged_at', T, nullable=True),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('completed_at', T, nullable=True),
    sa.Column('accepted_at', T, nullable=True),
    sa.Column('outcome', sa.String(length=8), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.Column('updated_at', T, nullable=False),
    sa.ForeignKeyConstraint(['directive_id'], ['directives.id'], name=op.f('fk_directive_assignments_directive_id_directives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directive_assignments')),
    sa.UniqueConstraint('directive_id', 'agency_code', name=op.f('uq_directive_assignments_directive_id'))
    )
    op.create_index('ix_directive_assignments_open', 'directive_assignments', ['state', 'deadline'])
    op.create_index('ix_directive_assignments_agency', 'directive_assignments', ['agency_code', 'state'])
    op.create_table('directive_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('at', T, nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('attachments', ioc.db.types.JSONType, nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['directive_assignments.id'], name=op.f('fk_directive_progress_assignment_id_directive_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directive_progress'))
    )
    op.create_index('ix_directive_progress_assignment', 'directive_progress', ['assignment_id', 'at'])
    op.create_table('directive_timeline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=True),
    sa.Column('at', T, nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['directive_id'], ['directives.id'], name=op.f('fk_directive_timeline_directive_id_directives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directive_timeline'))
    )
    op.create_index('ix_directive_timeline_directive', 'directive_timeline', ['directive_id', 'at'])


def downgrade() -> None:
    op.drop_table('directive_timeline')
    op.drop_table('directive_progress')
    op.drop_table('directive_assignments')
    op.drop_table('directives')
