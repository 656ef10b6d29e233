"""Alembic's environment: migrations always run on a connection handed in by the store.

``tilsynwidgets.store.migrate`` opens the connection, takes the upgrade lock and begins the
one transaction the whole upgrade runs in; here Alembic only runs the revisions on it.
"""

from __future__ import annotations

from alembic import context

from tilsynwidgets.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    transactional_ddl=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
