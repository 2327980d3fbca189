"""Alembic environment. The app runs migrations itself (unionapp.db.migrate), passing
an open connection in config.attributes; render_as_batch lets SQLite alter tables."""

from alembic import context

from unionapp.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
