"""Fixtures for the channel tests."""
from channel_harness import channels  # noqa: F401 - a fixture, used by name
from webchat_harness import harness  # noqa: F401 - a fixture, used by name
