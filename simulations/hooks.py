"""Extension points for apps built on top of simulations. An app registers a provider in its
``AppConfig.ready()``; simulations calls every provider without knowing the apps (imports go one way).

Debrief panels: ``provider(request, run) -> HTML (safe) or None``, shown beside the table's results.
"""

_debrief_panel_providers = []


def register_debrief_panel(provider):
    if provider not in _debrief_panel_providers:
        _debrief_panel_providers.append(provider)


def debrief_panels(request, run):
    return [html for html in (provider(request, run) for provider in _debrief_panel_providers) if html]
