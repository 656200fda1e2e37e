"""A country has one name on every page, in the active language: django-countries', never a data file's own."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from course.domain.countries import country_name
from participants.domain.income import classification, classify
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.review import submitted_application


@pytest.mark.parametrize("language", ["en-gb", "fr", "ar"])
def test_every_classified_country_is_named_as_django_countries_names_it(language):
    with translation.override(language):
        for code, info in classification().items():
            if code in countries:
                assert info.name == countries.name(code), code


def test_a_code_django_countries_lacks_keeps_the_files_name():
    assert classify("XK").name == "Kosovo"
    assert country_name("ZZ") == "ZZ"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "language", "name", "other_spelling"),
    [
        ("LA", "en-gb", "Laos", "Lao PDR"),
        ("EG", "fr", "Égypte", "Egypt, Arab Rep."),
    ],
)
def test_the_same_country_has_the_same_name_on_the_board_and_the_application_page(
    client, code, language, name, other_spelling
):
    course = CourseFactory()
    application = submitted_application(course, countries=(code, code))
    client.force_login(FacilitatorFactory())

    board = client.get(
        reverse("participants:selection_board", args=[course.slug]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    detail = client.get(
        reverse("participants:selection_application", args=[course.slug, application.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()

    assert f">{name}</option>" in board  # the country filter
    assert f'title="{name}"' in board  # each member's country
    assert name in detail
    assert other_spelling not in board + detail
