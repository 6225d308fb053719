"""incidents: incidents, their events, alerts, agencies, SOP tasks, timeline; SOP templates

Revision ID: 0009d_incidents
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0009d_incidents"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def _fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["incident_id"], ["incidents.id"], name=op.f(f"fk_{table}_incident_id_incidents"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "incident_sops",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("lead_agency", sa.String(length=40), nullable=True),
        sa.Column("supporting_agencies", JSON, nullable=False),
        sa.Column("steps", JSON, nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_incident_sops")),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("lead_agency", sa.String(length=40), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("area_code", sa.String(length=10), nullable=True),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("last_event_at", TIME, nullable=False),
        sa.Column("closed_at", TIME, nullable=True),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    op.create_index("ix_incidents_correlate", "incidents", ["kind", "status", "last_event_at"])
    op.create_index("ix_incidents_opened", "incidents", ["opened_at"])
    op.create_table(
        "incident_agencies",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        _fk("incident_agencies"),
        sa.PrimaryKeyConstraint("incident_id", "agency_code", name=op.f("pk_incident_agencies")),
    )
    op.create_index("ix_incident_agencies_agency", "incident_agencies", ["agency_code"])
    op.create_table(
        "incident_events",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("sub_category", sa.String(length=60), nullable=True),
        sa.Column("severity", sa.String(length=15), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("occurred_at", TIME, nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("attached_at", TIME, nullable=False),
        _fk("incident_events"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_incident_events")),
    )
    op.create_index("ix_incident_events_incident", "incident_events", ["incident_id"])
    op.create_table(
        "incident_alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("attached_at", TIME, nullable=False),
        _fk("incident_alerts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_alerts")),
        sa.UniqueConstraint("incident_id", "fingerprint", name="uq_incident_alerts_fingerprint"),
    )
    op.create_index("ix_incident_alerts_fingerprint", "incident_alerts", ["fingerprint"])
    op.create_table(
        "incident_tasks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("agency_code", sa.String(length=40), nullable=True),
        sa.Column("due_minutes", sa.Integer(), nullable=False),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("checklist", JSON, nullable=False),
        sa.Column("done_at", TIME, nullable=True),
        sa.Column("done_by", sa.String(length=120), nullable=True),
        _fk("incident_tasks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_tasks")),
    )
    op.create_index("ix_incident_tasks_incident", "incident_tasks", ["incident_id", "position"])
    op.create_table(
        "incident_timeline",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", JSON, nullable=False),
        _fk("incident_timeline"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_timeline")),
    )
    op.create_index("ix_incident_timeline_incident", "incident_timeline", ["incident_id", "at"])


def downgrade() -> None:
    for table in ("incident_timeline", "incident_tasks", "incident_alerts", "incident_events", "incident_agencies"):
        op.drop_table(table)
    op.drop_index("ix_incidents_opened", table_name="incidents")
    op.drop_index("ix_incidents_correlate", table_name="incidents")
    op.drop_table("incidents")
    op.drop_table("incident_sops")
