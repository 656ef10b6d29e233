"""The store's schema migrations (Alembic), one small revision per change, oldest first.

Revision ``0001`` is the schema of the release before migrations existed: a store made by
that release is stamped with it and upgraded from there. Run them with
``tilsynwidgets opgrader`` (``tilsynwidgets.store.migrate.upgrade``).
"""
