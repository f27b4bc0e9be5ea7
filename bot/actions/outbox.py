"""A small durable outbox on the action server: statements the backend has not yet stored.

The tracker's slot keeps a pending statement for the conversation; this file copy survives an action
server or tracker store restart. Files hold a child's words: they live under var/ (git-ignored, on the
same disk as the tracker store) and are deleted as soon as the backend confirms the statement.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def _path(directory: Path, idempotency_key: str) -> Path:
    return directory / (hashlib.sha256(idempotency_key.encode()).hexdigest() + ".json")


def save(directory: Path, payload: dict[str, Any]) -> None:
    """Write the statement atomically (write to a temporary file, then rename)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = _path(directory, payload["idempotency_key"])
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    logger.info("outbox saved %s", target.name)


def remove(directory: Path, idempotency_key: str) -> None:
    """Delete the stored copy once the backend has it."""
    _path(directory, idempotency_key).unlink(missing_ok=True)


def pending(directory: Path) -> list[dict[str, Any]]:
    """Return every statement still waiting, oldest first."""
    if not directory.is_dir():
        return []
    items = []
    for path in sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime):
        try:
            items.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            logger.warning("outbox unreadable %s", path.name)
    return items
