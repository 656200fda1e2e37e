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


class SelectionRefused(ApplicationRefused):
    """A refused review or selection action (staging, release, confirmation, email wording)."""


class TransitionRefused(SelectionRefused):
    """A status change that the transition table forbids, or that another writer got to first.

    Raised by participants.domain.transitions.transition_application; nothing was changed. ``lost_race`` tells
    the two apart: a caller may expect to lose a race now and then, never to ask for a move the table forbids.
    """

    def __init__(self, message, *, from_status, to_status, lost_race=False):
        super().__init__(message)
        self.from_status, self.to_status, self.lost_race = from_status, to_status, lost_race
