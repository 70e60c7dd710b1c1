import uuid

import pytest

from service import Service
from users_client import UsersClient


@pytest.fixture(scope="session")
def service():
    running = Service()
    try:
        running.start()
        yield running
    finally:
        running.remove()


@pytest.fixture
def client(service):
    # Generous: the first calls warm a cold JVM, on a machine shared with other builds.
    with UsersClient(service.target, token=lambda: service.token, deadline=30.0) as users:
        yield users


@pytest.fixture
def unique():
    """A run-unique prefix, so tests never collide on the shared database."""
    run = uuid.uuid4().hex[:10]
    return lambda name: f"py-{run}-{name}"
