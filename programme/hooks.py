"""Extension points for apps built on top of the programme. An app registers a provider in its
``AppConfig.ready()``; the programme calls every provider without knowing the apps (imports go one way).

Session links: ``provider(participant, course, sessions) -> {session uid: [(label, url)]}`` for a
participant's personal agenda, called once per page with all of its sessions (a provider must not query per
session, and should not query at all when it has nothing to offer: the agenda's query count is tested).
"""

_session_link_providers = []


def register_session_links(provider):
    if provider not in _session_link_providers:
        _session_link_providers.append(provider)


def session_links(participant, course, sessions):
    links = {}
    for provider in _session_link_providers:
        for uid, items in provider(participant, course, sessions).items():
            links.setdefault(str(uid), []).extend(items)
    return links
