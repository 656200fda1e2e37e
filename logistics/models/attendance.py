"""Attendance per programme session: ticked by the team, or a participant's check-in with the room's code."""

import secrets

from django.conf import settings
from django.db import models

from logistics.enums import AttendanceSource

# The programme's session model (programme/models.py).
SESSION_MODEL = "programme.Session"
ROOM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_room_code():
    return "".join(secrets.choice(ROOM_CODE_ALPHABET) for _ in range(6))


class AttendanceMark(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="attendance_marks"
    )
    session = models.ForeignKey(SESSION_MODEL, on_delete=models.CASCADE, related_name="attendance_marks")
    source = models.CharField(max_length=16, choices=AttendanceSource.choices, default=AttendanceSource.TEAM)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_id", "participant_id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "session"], name="one_mark_per_participant_session")
        ]

    def __str__(self):
        return f"{self.participant_id} attended {self.session_id}"


class SessionCheckIn(models.Model):
    """The code shown in the room while check-in is open; participants type it on their phone."""

    session = models.OneToOneField(SESSION_MODEL, on_delete=models.CASCADE, related_name="check_in")
    code = models.CharField(max_length=8, unique=True, default=new_room_code)
    opened_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Check-in {self.code} for session {self.session_id}"
