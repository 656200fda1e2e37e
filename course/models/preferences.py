from django.conf import settings
from django.db import models


class LanguagePreference(models.Model):
    """The language a person chose with the switcher, kept so that it follows them to another device."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_preference")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user} · {self.language}"
