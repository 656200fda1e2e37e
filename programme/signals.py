"""Signal receivers of the programme, connected in ProgrammeConfig.ready()."""

from programme.models import Speaker


def remember_speaker_area(sender, request, user, **kwargs):
    """On login, note the edition where the user speaks (the latest), so the menu links to their speaker area
    without a query on every page."""
    if request is None or not hasattr(request, "session"):
        return
    speaker = Speaker.objects.filter(user=user).select_related("course").order_by("-course__starts_on").first()
    if speaker is not None:
        request.session["speaker_course"] = speaker.course.slug
