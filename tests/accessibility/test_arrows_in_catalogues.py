"""Arrows in the app's words are mirrored by CSS in right-to-left pages (static/js/app.js marks them, app.css
flips them), so an Arabic translation keeps the arrows of its English text: flipping them too would point
them the wrong way again."""

from pathlib import Path

from babel.messages.pofile import read_po

BASE_DIR = Path(__file__).resolve().parents[2]
ARROWS = "←→"


def _arrows(text):
    return [c for c in text if c in ARROWS]


def test_arabic_translations_keep_the_arrows_of_the_english_text():
    wrong = []
    for po_path in sorted(BASE_DIR.glob("**/locale/ar/LC_MESSAGES/django.po")):
        if ".venv" in po_path.parts or "node_modules" in po_path.parts:
            continue
        with po_path.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            expected = _arrows(ids[0])
            for translated in strings:
                if translated and _arrows(translated) != expected:
                    wrong.append(f"{po_path.relative_to(BASE_DIR)}: {ids[0]!r} -> {translated!r}")
    assert not wrong, "\n".join(wrong)
