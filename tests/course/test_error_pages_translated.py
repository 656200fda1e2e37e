"""Error pages are Accord's own, in the visitor's language (Django's built-in ones are English only)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_in_french(client):
    response = client.get("/courses/no-such-edition/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_the_server_error_page_renders_without_a_request():
    with translation.override("ar"):
        page = render_to_string("500.html")

    assert 'dir="rtl"' in page and "حدث خطأ ما" in page
