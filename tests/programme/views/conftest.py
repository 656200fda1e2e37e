import pytest

from tests.factories.course import FacilitatorFactory


@pytest.fixture
def facilitator_client(client):
    """The test client, logged in as a facilitator."""
    client.force_login(FacilitatorFactory())
    return client
