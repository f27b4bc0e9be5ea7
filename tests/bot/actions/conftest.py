"""Fixtures for action tests: the stub backend (outside edge), the domain, a conversation harness."""
from mysay_action_harness import backend, conversation, domain  # noqa: F401  (pytest fixtures)
