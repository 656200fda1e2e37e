"""The one name of a country, in the active language: django-countries' (translated, common names such as
“Laos” rather than an official or a data source's spelling). Every page, export and filter names countries
through it or through a CountryField's ``.name``, so the same country reads the same everywhere."""

from django_countries import countries


def country_name(code):
    """The country's name in the active language; the code itself when django-countries does not know it."""
    code = str(code or "").upper()
    return countries.name(code) or code


class CountryCode(str):
    """A bare country code (from ``values_list``) that names itself as a CountryField's value does:
    ``{{ member.country }}`` is the code, ``{{ member.country.name }}`` the name in the active language."""

    __slots__ = ()

    @property
    def name(self):
        return country_name(self) if self else ""
