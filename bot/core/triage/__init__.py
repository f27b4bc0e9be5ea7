"""Triage every child's message for safeguarding, complaint and advocacy, in their language."""
from bot.core.triage.engine import TriageResult, triage
from bot.core.triage.lexicon import FLAGS

__all__ = ["FLAGS", "TriageResult", "triage"]
