"""Refusals raised by the applicant-journey rules. Each carries a message fit to show the applicant."""


class ApplicationRefused(Exception):
    """A refused action: nothing was changed, and ``message`` says why in plain words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvitationRefused(ApplicationRefused):
    """An invitation link that cannot be used (expired, already used, cancelled, or for someone else)."""


class UploadRefused(ApplicationRefused):
    """A file that is not an acceptable CV."""
