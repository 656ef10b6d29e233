"""The store's schema migrations (Alembic), one small revision per change, oldest first.

Revision ``0001`` is the schema of the release before migrations existed: a store made by
that release is stamped with it and upgraded from there. Run them with
``tilsynwidgets opgrader`` (``tilsynwidgets.store.migrate.upgrade``).

Revisions only go forward: history is never removed from a store, so a revision has no
``downgrade``; going back to an earlier release means restoring a backup (docs/store.md).
"""
