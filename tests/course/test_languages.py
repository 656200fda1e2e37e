"""The language a page is shown in: the browser's preference, the switcher's cookie, and a person's remembered choice."""

import re

import pytest
from django.conf import settings
from django.test import Client

from course.domain.languages import language_of
from course.models import LanguagePreference
from tests.factories.course import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 42"


def html_tag(response):
    return re.search(r"<html [^>]*>", response.content.decode()).group(0)


def test_the_browser_preference_is_honoured_and_arabic_is_right_to_left(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert 'lang="ar"' in html_tag(response)
    assert 'dir="rtl"' in html_tag(response)
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert 'lang="en-gb"' in html_tag(english) and 'dir="ltr"' in html_tag(english)


def test_the_switcher_sets_the_language_and_goes_back(client):
    response = client.post("/language/", {"language": "fr", "next": "/apply/"})
    assert response.status_code == 302 and response["Location"] == "/apply/"
    assert response.cookies["django_language"].value == "fr"
    assert 'lang="fr"' in html_tag(client.get("/", HTTP_ACCEPT_LANGUAGE="es"))


def test_an_unknown_language_changes_nothing(client):
    client.post("/language/", {"language": "xx", "next": "/"})
    assert 'lang="en-gb"' in html_tag(client.get("/"))
    assert not LanguagePreference.objects.exists()


def test_the_switcher_needs_a_post(client):
    assert client.get("/language/?language=fr").status_code == 405


def test_a_signed_in_choice_follows_the_person_to_another_device():
    user = UserFactory(password=PASSWORD)
    laptop = Client()
    laptop.force_login(user)
    laptop.post("/language/", {"language": "es", "next": "/"})
    assert LanguagePreference.objects.get(user=user).language == "es"

    phone = Client(HTTP_ACCEPT_LANGUAGE="en")  # a second device whose browser asks for English
    assert phone.login(username=user.username, password=PASSWORD)
    assert 'lang="es"' in html_tag(phone.get("/"))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_the_switcher_never_sends_anyone_off_site(client, target):
    response = client.post("/language/", {"language": "pt", "next": target})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_language_of_is_the_persons_choice_else_the_default():
    chooser, other = UserFactory(), UserFactory()
    LanguagePreference.objects.create(user=chooser, language="fr")

    assert language_of(chooser) == "fr"
    assert language_of(other) == settings.LANGUAGE_CODE
    assert language_of(None) == settings.LANGUAGE_CODE


def test_a_language_picked_before_login_becomes_the_persons_choice(client):
    user = UserFactory(password=PASSWORD)
    client.post("/language/", {"language": "ar", "next": "/"})

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert language_of(user) == "ar"  # the room (prepared per seat holder) and mails follow it
    assert 'lang="ar"' in html_tag(client.get("/"))


def test_a_remembered_choice_wins_over_the_page_language_at_login(client):
    user = UserFactory(password=PASSWORD)
    LanguagePreference.objects.create(user=user, language="pt")

    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="fr")

    assert language_of(user) == "pt"


def test_logging_in_on_default_language_pages_remembers_nothing(client):
    user = UserFactory(password=PASSWORD)

    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert not LanguagePreference.objects.filter(user=user).exists()
