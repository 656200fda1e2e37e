import pytest

from tests.factories.course import FacilitatorFactory
from tests.factories.logistics import PassportDetailsFactory
from tests.factories.participants import make_pair


@pytest.fixture
def cohort(db):
    """A course with one confirmed pair; the scientist has passport details on file."""
    pair, scientist, policymaker = make_pair(country="KE", policymaker_country="BR")
    PassportDetailsFactory(
        participant=scientist, name_in_passport="AMINA WANJIRU ODHIAMBO", passport_number="AK1234567"
    )
    return pair.course, scientist, policymaker


@pytest.fixture
def team(db):
    return FacilitatorFactory()
