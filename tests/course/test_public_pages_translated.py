"""The landing page and an edition's call page are shipped in every language; the edition's own texts are not."""

import pytest
from django.urls import reverse

from tests.factories.course import CourseFactory

pytestmark = pytest.mark.django_db


def test_the_landing_page_in_french_keeps_the_editions_title_as_typed(client):
    CourseFactory(title="Science Diplomacy Course 2030")

    body = client.get(reverse("course:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Appels à candidatures ouverts" in body
    assert "Candidater en binôme" in body
    assert "Science Diplomacy Course 2030" in body


def test_the_call_page_in_arabic_counts_places_with_arabic_plurals(client):
    course = CourseFactory(capacity_pairs=2)

    body = client.get(reverse("course:detail", args=[course.slug]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert "الموعد النهائي" in body
    assert "ثنائيان" in body
    assert 'dir="auto"' in body  # the course team's texts follow their own direction
