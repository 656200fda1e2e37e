"""The app's own words for values the code keys by name: move classes, timeline and activity kinds.

The values stay English identifiers (CSS classes, exports, tests); what people read is translated here, lazily,
so that each page shows them in its reader's language (docs/i18n.md).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MOVE_LABELS = {
    "concession": pgettext_lazy("negotiation move", "concession"),
    "selfish": pgettext_lazy("negotiation move", "selfish"),
    "fortunate": pgettext_lazy("negotiation move", "fortunate"),
    "unfortunate": pgettext_lazy("negotiation move", "unfortunate"),
    "nice": pgettext_lazy("negotiation move", "nice"),
    "silent": pgettext_lazy("negotiation move", "silent"),
    "opening": pgettext_lazy("negotiation move", "opening"),
}

MOVE_DEFINITIONS = {
    "fortunate": _("better for the mover and for the others together"),
    "selfish": _("better for the mover, no better for the others together"),
    "nice": _("the same for the mover, better for the others together"),
    "silent": _("the same for the mover and for the others together"),
    "concession": _("the mover gives up points, the others together lose nothing"),
    "unfortunate": _("the mover gains nothing and the others together lose"),
}

KIND_LABELS = {
    "run": pgettext_lazy("timeline", "run"),
    "round": pgettext_lazy("timeline", "round"),
    "statement": pgettext_lazy("timeline", "statement"),
    "caucus": pgettext_lazy("timeline", "caucus"),
    "floor": pgettext_lazy("timeline", "floor"),
    "proposal": pgettext_lazy("timeline", "proposal"),
    "amendment": pgettext_lazy("timeline", "amendment"),
    "support": pgettext_lazy("timeline", "support"),
    "vote": pgettext_lazy("timeline", "vote"),
    "announcement": pgettext_lazy("timeline", "announcement"),
    "inject": pgettext_lazy("timeline", "news"),
}


def move_label(move):
    return MOVE_LABELS.get(move, move)


def kind_label(kind):
    return KIND_LABELS.get(kind, kind)
