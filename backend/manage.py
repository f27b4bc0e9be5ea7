"""Run backend admin commands: migrate, seed-demo, demo-info, escalate."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session

from backend import clock, demo
from backend.config import Settings
from backend.db import make_engine, make_sessionmaker
from backend.flags import escalation

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def migrate(*, database_url: str, configure_logging: bool = False) -> None:
    """Upgrade the database at the URL to the newest schema."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = configure_logging
    command.upgrade(config, "head")


def _seed_demo(settings: Settings) -> int:
    """Seed demo data when demo mode is on and there are no children yet."""
    if not settings.demo:
        print("Demo mode is off (MYSAY_DEMO=0 or MYSAY_ENV=production): nothing seeded.")
        return 0
    engine = make_engine(settings.database_url)
    try:
        # One outer transaction: the services' commits become savepoints, so a failed seed leaves nothing.
        with engine.connect() as connection, connection.begin():
            with Session(bind=connection, join_transaction_mode="create_savepoint") as db_session:
                seeded = demo.seed(db_session=db_session, secret_key=settings.secret_key_value())
    finally:
        engine.dispose()
    print("Seeded demo data." if seeded else "Database already has children: demo data not seeded.")
    return 0


def _demo_info(settings: Settings) -> int:
    """Print the demo logins and codes."""
    if not settings.demo:
        print("Demo mode is off: there are no demo logins.")
        return 0
    print(demo.info_text())
    return 0


def _aware_datetime(value: str) -> datetime:
    """Parse an ISO 8601 instant with a UTC offset, for --now."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("expected an ISO 8601 datetime, e.g. 2026-11-28T22:00:00+00:00") from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError("the datetime needs a UTC offset (Z or +01:00)")
    return parsed.astimezone(timezone.utc)


def _escalate(settings: Settings, at: datetime | None = None) -> int:
    """Run one escalation pass (for cron): escalate overdue flags, send due notifications."""
    if at is not None and settings.is_production:
        print("escalate --now is for tests and demos: refused with MYSAY_ENV=production.", file=sys.stderr)
        return 2
    # The same clock as the app: --now, else MYSAY_FIXED_NOW (development only), else the real time.
    now = at or (settings.fixed_now.astimezone(timezone.utc) if settings.fixed_now else clock.now())
    engine = make_engine(settings.database_url)
    try:
        report = escalation.run_pass(session_factory=make_sessionmaker(engine), settings=settings, now=now)
    finally:
        engine.dispose()
    sent = report.notifications
    print(f"Escalated {len(report.escalated)} flag(s); notifications sent {sent.sent}, failed {sent.failed}, "
          f"to retry {sent.retrying}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m backend.manage", description=__doc__)
    parser.add_argument("command", choices=["migrate", "seed-demo", "demo-info", "escalate"])
    parser.add_argument("--now", type=_aware_datetime, metavar="ISO_DATETIME",
                        help="escalate only: run the pass as if it were this instant (refused in production)")
    args = parser.parse_args(argv)
    if args.now is not None and args.command != "escalate":
        parser.error("--now is only for escalate")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.INFO)
    settings = Settings()
    if args.command == "migrate":
        migrate(database_url=settings.database_url)
        return 0
    if args.command == "seed-demo":
        return _seed_demo(settings)
    if args.command == "escalate":
        return _escalate(settings, args.now)
    return _demo_info(settings)


if __name__ == "__main__":
    sys.exit(main())
