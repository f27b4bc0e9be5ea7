"""Fixtures for the channel tests."""
from webchat_harness import harness  # noqa: F401 - a fixture, used by name
