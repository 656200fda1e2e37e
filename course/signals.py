"""Signal receivers of the course app, connected in CourseConfig.ready()."""

from course.domain.languages import restore_language


def restore_language_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        restore_language(user, request.session, getattr(request, "LANGUAGE_CODE", None))
