"""Alembic environment: migrations run on the connection the program hands over (db.engine)."""

from __future__ import annotations

from alembic import context

from db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through db.engine.migrate_to_head, which provides the connection")

# Batch mode rebuilds SQLite tables for ALTER operations SQLite lacks.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
