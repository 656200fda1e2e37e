"""Extension points for apps built on top of the programme. An app registers a provider in its
``AppConfig.ready()``; the programme calls every provider without knowing the apps (imports go one way).

Session links: ``provider(user, course, sessions) -> {session uid: [(label, url)]}`` for the personal agenda,
called once per page with all of its sessions (a provider must not query per session).
"""

_session_link_providers = []


def register_session_links(provider):
    if provider not in _session_link_providers:
        _session_link_providers.append(provider)


def session_links(user, course, sessions):
    links = {}
    for provider in _session_link_providers:
        for uid, items in provider(user, course, sessions).items():
            links.setdefault(str(uid), []).extend(items)
    return links
