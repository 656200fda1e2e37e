"""The security tests share one world per module: built inside a transaction, rolled back at the end.

Each test still runs in its own savepoint (pytest-django's ``db``), so what one test changes is undone."""

import pytest
from django.db import transaction

from tests.security.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)
