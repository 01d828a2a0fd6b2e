"""Alembic environment: runs on the connection the program hands over (or on the ini URL)."""

from alembic import context
from sqlalchemy import engine_from_config, pool

import models

target_metadata = models.Base.metadata


def run_on(connection) -> None:
    """Run the pending revisions on an open connection, batch mode for SQLite."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as conn:
        run_on(conn)
