"""Which language a person sees: what they chose (remembered per user), else their browser's preference.

Django's LocaleMiddleware reads the language cookie and the browser's Accept-Language. A signed-in person's
own choice wins over both: it is copied into their session when they log in (no query per request) and
written back whenever they switch, so a second device shows the same language after login.
"""

from django.conf import settings
from django.utils import translation

from course.models import LanguagePreference

SESSION_KEY = "accord_language"


def is_shipped_language(code):
    return code in dict(settings.LANGUAGES)


def remember_language(user, session, code):
    """Store a signed-in person's choice; anonymous visitors keep it in the language cookie only."""

    if not is_shipped_language(code):
        return False
    session[SESSION_KEY] = code
    if user is not None and user.is_authenticated:
        LanguagePreference.objects.update_or_create(user=user, defaults={"language": code})
    return True


def restore_language(user, session, page_language=None):
    """At login: put the person's remembered language into the new session.

    A person with no remembered choice who logs in on pages shown in another shipped language than the site's
    default (picked with the switcher before login, or their browser's preference) keeps it: it becomes their
    remembered choice, so the pages rendered for them alone (the room, prepared per seat holder) and their
    mails follow the language they were reading, not the site's default."""

    code = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    if code and is_shipped_language(code):
        session[SESSION_KEY] = code
    elif page_language and is_shipped_language(page_language) and page_language != settings.LANGUAGE_CODE:
        remember_language(user, session, page_language)


def session_language(request):
    session = getattr(request, "session", None)
    code = session.get(SESSION_KEY) if session is not None else None
    return code if code and is_shipped_language(code) else None


def activate_session_language(request):
    code = session_language(request)
    if code and code != translation.get_language():
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


def without_remembered_language(view):
    """Mark a view whose fast path must not read the session; it calls activate_session_language itself."""

    view.skips_remembered_language = True
    return view


def chosen_language(user):
    """The shipped language a person chose (or signed up in), else None."""

    if user is None or not getattr(user, "pk", None):
        return None
    try:
        code = user.language_preference.language
    except LanguagePreference.DoesNotExist:
        return None
    return code if is_shipped_language(code) else None


def language_of(user):
    """The language to write to a person in (mails, reminders): the one they chose, else the site's default.

    Mails are sent from workers with no request, so the browser's preference is not known there; the choice
    made with the switcher is. Wrap the rendering in ``translation.override(language_of(user))``.
    """

    return chosen_language(user) or settings.LANGUAGE_CODE


def language_for_mail_now(user):
    """For a mail rendered during the request that causes it (account mails): the recipient's choice, else the
    language of the page in use (a person who has just signed up, or an address with no account)."""

    current = translation.get_language()
    return chosen_language(user) or (current if is_shipped_language(current) else settings.LANGUAGE_CODE)
