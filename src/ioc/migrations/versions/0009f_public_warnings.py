"""public_warnings: warnings to citizens and the CAP messages sent for them

Revision ID: 0009f_public_warnings
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0009f_public_warnings"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pw_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("urgency", sa.String(length=12), nullable=False),
        sa.Column("severity", sa.String(length=12), nullable=False),
        sa.Column("certainty", sa.String(length=12), nullable=False),
        sa.Column("effective", TIME, nullable=False),
        sa.Column("onset", TIME, nullable=True),
        sa.Column("expires", TIME, nullable=False),
        sa.Column("texts", JSON, nullable=False),
        sa.Column("area_codes", JSON, nullable=False),
        sa.Column("area_desc", sa.Text(), nullable=False),
        sa.Column("polygons", JSON, nullable=False),
        sa.Column("circle", sa.String(length=80), nullable=True),
        sa.Column("source_fingerprint", sa.String(length=80), nullable=True),
        sa.Column("source_alert_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("published_at", TIME, nullable=True),
        sa.Column("cancelled_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pw_warnings")),
        sa.UniqueConstraint("identifier", name=op.f("uq_pw_warnings_identifier")),
        sa.UniqueConstraint("source_fingerprint", name=op.f("uq_pw_warnings_source_fingerprint")),
    )
    with op.batch_alter_table("pw_warnings", schema=None) as batch_op:
        batch_op.create_index("ix_pw_warnings_status", ["status", "expires"], unique=False)
    op.create_table(
        "pw_warning_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warning_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=140), nullable=False),
        sa.Column("msg_type", sa.String(length=8), nullable=False),
        sa.Column("sent", TIME, nullable=False),
        sa.Column("references", sa.Text(), nullable=False),
        sa.Column("content", JSON, nullable=False),
        sa.Column("sent_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["warning_id"], ["pw_warnings.id"], name=op.f("fk_pw_warning_messages_warning_id_pw_warnings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pw_warning_messages")),
        sa.UniqueConstraint("identifier", name=op.f("uq_pw_warning_messages_identifier")),
        sa.UniqueConstraint("warning_id", "seq", name="uq_pw_warning_messages_seq"),
    )


def downgrade() -> None:
    op.drop_table("pw_warning_messages")
    with op.batch_alter_table("pw_warnings", schema=None) as batch_op:
        batch_op.drop_index("ix_pw_warnings_status")
    op.drop_table("pw_warnings")
