"""Run Alembic migrations against the URL from Settings (or one handed in by the caller)."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from backend import models
from backend.config import Settings
from backend.db import make_engine

config = context.config
# Programmatic callers (manage.py, tests) keep their own logging; the CLI gets the ini's.
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = models.Base.metadata


def _database_url() -> str:
    """Return the URL handed in by the caller, else the configured one."""
    return config.attributes.get("database_url") or Settings().database_url


def run_migrations_offline() -> None:
    """Emit SQL for the configured database without connecting."""
    from backend.db import normalise_url

    context.configure(url=normalise_url(_database_url()), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connect and apply migrations in one transaction."""
    engine = make_engine(_database_url())
    try:
        with engine.connect() as connection:
            # Batch mode lets later migrations alter tables on SQLite, which has little ALTER TABLE.
            context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                              compare_type=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
