"""Audit trail: every state change and every read of a child's words."""
from backend.audit import service  # noqa: F401  (lets callers write audit.service.record)
