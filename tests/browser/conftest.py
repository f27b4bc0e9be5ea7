"""Start one real MySay stack (backend, action server, Rasa) for this test package."""
import pytest

from tests.support.stack import Stack, start_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Stack:
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    running.stop()
