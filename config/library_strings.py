"""Messages that libraries show on shipped pages but leave untranslated in a shipped language.

Django's Portuguese and Arabic catalogues have no translation of the password validator's "too short" message
(seen on the sign-up and new-password pages). Listing a message here puts it in the project catalogue
(locale/), whose translations come before every library's (LOCALE_PATHS), so it is translated with the rest.
Nothing imports this module; it exists for ``scripts/messages.py extract`` (docs/i18n.md, "Adding a language").
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(  # django.contrib.auth.password_validation.MinimumLengthValidator
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
