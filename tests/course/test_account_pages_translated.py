"""The account pages (allauth, in Accord's layout) are shown in the visitor's language, Arabic right to left."""

import re

import pytest

pytestmark = pytest.mark.django_db


def html_tag(response):
    return re.search(r"<html [^>]*>", response.content.decode()).group(0)


@pytest.mark.parametrize(
    ("path", "language", "expected", "direction"),
    [
        ("/accounts/login/", "fr", "Mot de passe oublié ?", "ltr"),
        ("/accounts/signup/", "fr", "Créer un compte", "ltr"),
        ("/accounts/login/", "ar", "نسيت كلمة المرور؟", "rtl"),
        ("/accounts/signup/", "ar", "إنشاء حساب", "rtl"),
    ],
)
def test_account_pages_render_in_the_browsers_language(client, path, language, expected, direction):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert f'lang="{language}"' in html_tag(response)
    assert f'dir="{direction}"' in html_tag(response)
    assert expected in response.content.decode()


def test_account_pages_stay_english_by_default(client):
    response = client.get("/accounts/login/")

    assert 'lang="en-gb"' in html_tag(response)
    assert "Forgot your password?" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pt", "Esta palavra-passe é demasiado curta"), ("ar", "كلمة المرور هذه قصيرة جدًا")],
)
def test_the_password_length_error_is_translated_where_django_leaves_it_english(client, language, expected):
    response = client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "password1": "Zq9", "password2": "Zq9"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert expected in response.content.decode()
    assert "This password is too short" not in response.content.decode()


@pytest.mark.parametrize("language", ["en-gb", "fr", "ar"])
def test_the_login_page_offers_the_password_reset_once_under_the_password(client, language):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert html.count('href="/accounts/password/reset/"') == 1
    helptext = html[html.index('id="id_password_helptext"') :]
    assert helptext.index('href="/accounts/password/reset/"') < helptext.index("</div>")
