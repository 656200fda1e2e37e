"""PDF rendering of issued documents with WeasyPrint, from a Django template and one stylesheet.

Takes plain values (no models) and returns bytes. The stylesheet and font configuration are parsed once per
process: each further document only lays out its own page (see bench/documents.py for the figures)."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STYLESHEET = Path(__file__).resolve().parent / "pdf_assets" / "document.css"
TEMPLATES = {"visa_letter": "logistics/pdf/visa_letter.html", "certificate": "logistics/pdf/certificate.html"}


@lru_cache(maxsize=1)
def _weasy():
    # Only processes that make PDFs pay for WeasyPrint (and Pango) at import.
    import weasyprint  # noqa: PLC0415 (slow import)
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 (slow import)

    fonts = FontConfiguration()
    css = weasyprint.CSS(filename=str(STYLESHEET), font_config=fonts)
    return weasyprint, fonts, css


def render_document_pdf(kind, context):
    """The PDF of a ``visa_letter`` or ``certificate`` filled with ``context`` (paragraphs, names, code, URL)."""
    weasyprint, fonts, css = _weasy()
    # Addressed to embassies and funders: always in English, the course's working language, whoever issues it
    # and whatever language their page is in (docs/logistics.md, "Languages").
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(TEMPLATES[kind], context)
    return weasyprint.HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(stylesheets=[css], font_config=fonts)
