"""What a participant chose for their room, kept so that it follows them to another device."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simulations.enums import LowData


class RoomPreference(models.Model):
    """The room's "low data" mode as a person chose it (simulations.domain.low_data)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_preference")
    low_data = models.CharField(_("low data"), max_length=8, choices=LowData.choices, default=LowData.AUTO)

    def __str__(self):
        return f"{self.user} · {self.low_data}"
