"""What the Content-Security-Policy (script-src 'self', style-src 'self') would block, found in an HTML answer."""

from html.parser import HTMLParser

# Script types a browser does not execute: data blocks are allowed inline.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._script = None  # (tag text, is data) while inside a <script>
        self._script_text = []

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= in {text[:120]}")
            elif name == "style":
                self.problems.append(f"style= attribute in {text[:120]}")
            elif name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"{name} in {text[:120]}")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in {text[:120]}")
        if tag == "style":
            self.problems.append("inline <style> element")
        if tag == "script":
            attributes = dict(attrs)
            self._script = (text, (attributes.get("type") or "").lower() in DATA_SCRIPT_TYPES)
            self._script_text = []

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            text, is_data = self._script
            if not is_data and "".join(self._script_text).strip():
                self.problems.append(f"inline script after {text[:120]}")
            self._script = None


def csp_problems(html):
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def header_problems(response):
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        return ["no Content-Security-Policy header"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    problems = []
    if directives.get("script-src") != ["'self'"]:
        problems.append(f"script-src is {directives.get('script-src')}")
    if directives.get("style-src") != ["'self'"]:
        problems.append(f"style-src is {directives.get('style-src')}")
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append("unsafe-inline or unsafe-eval allowed")
    return problems


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")
