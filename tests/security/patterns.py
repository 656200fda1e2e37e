"""Every URL pattern of the project, walked recursively through includes and namespaces."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the route when the pattern has no name
    route: str  # the full route, e.g. "apply/applications/<int:pk>/"
    namespace: str  # "" for the project's own root patterns

    @property
    def prefix(self):
        return self.route.split("/", 1)[0] + "/"


def walk(resolvers=None, prefix="", namespace=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if entry.namespace and namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from walk(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
            yield Pattern(name=name, route=route, namespace=namespace)


def all_patterns():
    return list(walk())
