"""Translations: every template string is marked, and every shipped catalogue is complete and current.

- A template text node, a user-facing attribute (title, alt, placeholder, aria-label) or a literal passed to
  |default, |yesno or |pluralize that is not inside {% translate %} / {% blocktranslate %} fails the first test.
- A shipped language (fr, es, pt, ar) with an untranslated, fuzzy or placeholder-mismatched message fails the second.
- When GNU gettext is installed, the catalogues are re-extracted in a scratch copy of the sources; a marked string
  that is missing from them fails the third (run ``python scripts/messages.py extract`` and translate).
"""

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR / "scripts"))
import messages as catalogue_tools  # noqa: E402  (scripts/ is not a package)

# Tokens that are the same in every language: the product's name, units and file formats, punctuation.
UNTRANSLATED_TOKENS = {"Accord", "CSV", "PDF", "ICS", "iCal", "JSON", "XML", "UTC", "SVG", "URL", "ORCID", "BATNA"}

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


def template_files():
    areas = catalogue_tools.marked_areas()
    for root, dirs, files in os.walk(BASE_DIR):
        dirs[:] = [d for d in dirs if d not in catalogue_tools.SKIP_DIRS and d != "tests"]
        parts = Path(root).relative_to(BASE_DIR).parts
        if "templates" not in parts or parts[0] not in areas:
            continue
        for name in files:
            if name.endswith((".html", ".txt")):
                yield Path(root) / name


STRIP_BLOCKS = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
]
LITERAL_FILTER_ARG = re.compile(r"\|(?:default|default_if_none|yesno|pluralize):(\"[^\"]*\"|'[^']*')")
USER_ATTRIBUTE = re.compile(r"\s(?:title|alt|placeholder|aria-label|aria-roledescription)=\"([^\"]*)\"", re.I)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
HTML_TAG = re.compile(r"<[^>]*>", re.S)
WORD = re.compile(r"[^\W\d_]{2,}")


def _has_words(text):
    text = html.unescape(text)
    return [word for word in WORD.findall(text) if word not in UNTRANSLATED_TOKENS]


def unmarked_strings(source):
    """The visible English in a template that no translation tag covers."""

    for pattern in STRIP_BLOCKS:
        source = pattern.sub(" ", source)
    found = []
    for literal in LITERAL_FILTER_ARG.findall(source):
        if _has_words(literal.strip("\"'")):
            found.append(f"filter argument {literal}")
    source = TAG.sub(" ", source)  # a tag in an attribute is a {% translate %} or a value, never English
    for value in USER_ATTRIBUTE.findall(source):
        if _has_words(value):
            found.append(f'attribute "{value}"')
    text = HTML_TAG.sub(" ", source)
    for line in text.splitlines():
        if _has_words(line):
            found.append(line.strip())
    return found


def test_the_scanner_finds_unmarked_text_and_accepts_marked_text():
    assert unmarked_strings("<p>Hello</p>") == ["Hello"]
    assert unmarked_strings('<p>{% translate "Hello" %}</p>') == []
    assert unmarked_strings("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}") == []
    assert unmarked_strings('<img alt="A chart">') == ['attribute "A chart"']
    assert unmarked_strings('<img alt="{% translate "A chart" %}">') == []
    assert unmarked_strings('{{ value|default:"None yet" }}') == ['filter argument "None yet"']
    assert unmarked_strings('{{ value|default:_("None yet") }}') == []
    assert unmarked_strings("<p>{{ name }} · 2026 — CSV</p>") == []


def test_every_template_string_is_marked_for_translation():
    problems = {}
    for path in template_files():
        found = unmarked_strings(path.read_text(encoding="utf-8"))
        if found:
            problems[str(path.relative_to(BASE_DIR))] = found[:5]
    assert not problems, "Strings not marked for translation (first five per file):\n" + "\n".join(
        f"{path}: {found}" for path, found in sorted(problems.items())
    )


def shipped_catalogues():
    for po_path in catalogue_tools.catalogues():
        language = po_path.parent.parent.name
        if language in catalogue_tools.SHIPPED:
            yield language, po_path


def _placeholders(text):
    return {m.group(1) or m.group(2) or "" for m in PLACEHOLDER.finditer(text or "")}


def test_every_shipped_catalogue_is_complete():
    catalogues = list(shipped_catalogues())
    languages = {language for language, _ in catalogues}
    assert languages == set(catalogue_tools.SHIPPED), (
        f"missing catalogues for {set(catalogue_tools.SHIPPED) - languages}"
    )
    problems = []
    for _language, po_path in catalogues:
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        where = po_path.relative_to(BASE_DIR)
        if catalog.fuzzy:
            problems.append(f"{where}: the header is marked fuzzy")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            if message.fuzzy:
                problems.append(f"{where}: fuzzy {ids[0]!r}")
            if not all(strings):
                problems.append(f"{where}: untranslated {ids[0]!r}")
                continue
            expected = set().union(*(_placeholders(i) for i in ids))
            for string in strings:
                # A plural form for "one" may spell the number out; every other placeholder must survive.
                if not _placeholders(string) <= expected or not (expected - {"count"}) <= _placeholders(string):
                    problems.append(f"{where}: placeholders differ in {ids[0]!r}: {string!r}")
    assert not problems, "\n".join(problems[:60]) + (f"\n… and {len(problems) - 60} more" if len(problems) > 60 else "")


def _message_ids(po_path):
    with po_path.open("rb") as po_file:
        return {
            message.id if isinstance(message.id, str) else message.id[0] for message in read_po(po_file) if message.id
        }


@pytest.mark.skipif(shutil.which("xgettext") is None and not os.environ.get("REQUIRE_GETTEXT"), reason="no GNU gettext")
def test_catalogues_hold_every_marked_string(tmp_path):
    """Re-extract in a scratch copy; every marked string must already be in the committed catalogue."""

    copy = tmp_path / "src"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(*catalogue_tools.SKIP_DIRS, "tests", "bench", "docs", "*.mo", ".*"),
        symlinks=True,
    )
    subprocess.run(
        [sys.executable, "scripts/messages.py", "extract"], cwd=copy, check=True, capture_output=True, timeout=300
    )
    missing = []
    for _language, po_path in shipped_catalogues():
        fresh = copy / po_path.relative_to(BASE_DIR)
        lacking = _message_ids(fresh) - _message_ids(po_path)
        missing += [f"{po_path.relative_to(BASE_DIR)}: {message_id!r}" for message_id in sorted(lacking)[:10]]
    for fresh in catalogue_tools.catalogues(copy):
        committed = BASE_DIR / fresh.relative_to(copy)
        if fresh.parent.parent.name in catalogue_tools.SHIPPED and not committed.exists():
            missing.append(f"{committed.relative_to(BASE_DIR)} does not exist")
    assert not missing, "Marked strings missing from the catalogues (run scripts/messages.py extract):\n" + "\n".join(
        missing
    )
