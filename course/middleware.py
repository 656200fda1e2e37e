"""Activates a signed-in person's remembered language (after LocaleMiddleware and the session).

It runs per view rather than per request so that a view marked ``without_remembered_language`` (the room's
one-second poll) can answer "nothing changed" without reading the session: reading it would add
``Vary: Cookie`` and a session lookup to the cheapest answer the app gives. Such a view activates the
language itself on the paths that render text (``activate_session_language``).
"""

from course.domain.languages import activate_session_language


class RememberedLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "skips_remembered_language", False):
            activate_session_language(request)
        return None
