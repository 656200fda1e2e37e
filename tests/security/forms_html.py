"""The forms of a rendered page, read back from its HTML: where each posts (action or hx-post) and its fields."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlForm:
    action: str
    fields: dict = field(default_factory=dict)  # name -> default value ("" when none)
    file_fields: set = field(default_factory=set)
    choices: dict = field(default_factory=dict)  # name -> values offered by selects, radios, buttons


class _FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        posts_to = a.get("hx-post") or a.get("action")
        if tag == "form":
            self._form = HtmlForm(action=posts_to if posts_to is not None else self.page_url)
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                form.file_fields.add(name)
            elif kind in ("checkbox", "radio"):
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a or name not in form.fields:
                    form.fields[name] = a.get("value", "on") if "checked" in a else form.fields.get(name, "")
            elif kind not in ("submit", "button", "image", "reset"):
                form.fields[name] = a.get("value", "")
            else:
                form.choices.setdefault(name, []).append(a.get("value", ""))
        elif tag == "button":
            form.choices.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select = name
            form.fields.setdefault(name, "")
        elif tag == "option" and self._select:
            form.choices.setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a:
                form.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            form.fields[name] = ""

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_in(html, page_url):
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms


def form_posting_to(html, page_url, url):
    """The fields of every form on the page that posts to ``url``, merged (None when there is none)."""
    found = [f for f in forms_in(html, page_url) if f.action.split("?")[0] == url]
    if not found:
        return None
    merged = HtmlForm(action=url)
    for form in found:
        for name, value in form.fields.items():
            merged.fields.setdefault(name, value)
        merged.file_fields |= form.file_fields
        for name, values in form.choices.items():
            merged.choices.setdefault(name, []).extend(values)
    merged.fields.pop("csrfmiddlewaretoken", None)
    return merged
