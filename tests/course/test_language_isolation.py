"""One test's language never leaks into the next (tests/conftest.py resets it around every test)."""

from django.utils import translation


def test_a_test_may_leave_french_active():
    translation.activate("fr")
    assert translation.gettext("Log in") == "Se connecter"


def test_the_next_test_starts_in_the_default_language():
    assert translation.get_language() == "en-gb"
    assert translation.gettext("Log in") == "Log in"
