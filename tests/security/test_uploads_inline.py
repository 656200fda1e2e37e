"""Uploaded files are never served inline: HTML or SVG disguised as a PDF is refused, and what is accepted (a
file that starts like a PDF, whatever follows) is only ever downloaded as an attachment of type
application/pdf with nosniff, under a name ending in .pdf."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
XML_SVG = b'<?xml version="1.0"?>\n' + SVG
# A polyglot: the PDF signature first, then markup a browser would run if it sniffed the type.
PDF_THEN_HTML = b"%PDF-1.4\n" + HTML
PDF_THEN_SVG = b"%PDF-1.7\n" + SVG


@pytest.fixture
def draft(client):
    application = make_application(complete=False, with_partner=False)
    client.force_login(application.lead)
    return application, application.members.get()


def _upload(client, application, name, content, content_type="application/pdf"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("participants:upload_cv", args=[application.pk]), {"cv": upload}, follow=True)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("cv.pdf", HTML, "application/pdf"),
        ("cv.pdf", SVG, "application/pdf"),
        ("cv.pdf", XML_SVG, "application/pdf"),
        ("cv.svg", SVG, "image/svg+xml"),
        ("cv.html", HTML, "text/html"),
        ("cv.pdf", b" %PDF-1.4\n" + HTML, "application/pdf"),  # the signature must come first
    ],
    ids=["html-as-pdf", "svg-as-pdf", "xml-svg-as-pdf", "svg", "html", "late-signature"],
)
def test_markup_disguised_as_pdf_is_refused(client, draft, name, content, content_type):
    application, member = draft

    response = _upload(client, application, name, content, content_type)

    member.refresh_from_db()
    assert not member.cv
    assert "not a PDF" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", PDF_THEN_HTML), ("cv.svg", PDF_THEN_SVG), ("index.html", PDF_THEN_HTML), ("a\"b'.pdf", PDF_THEN_HTML)],
    ids=["pdf-html", "pdf-svg-named-svg", "named-html", "quotes-in-name"],
)
def test_accepted_file_downloads_only_as_pdf_attachment(client, draft, name, content):
    application, member = draft
    _upload(client, application, name, content)
    member.refresh_from_db()
    assert member.cv.name.endswith(".pdf") and "/" in member.cv.name  # random name on disk, not the user's

    response = client.get(reverse("participants:download_cv", args=[application.pk, member.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.rstrip('"').endswith(".pdf")
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == content


def test_uploads_are_not_reachable_under_a_media_url(client, draft):
    application, member = draft
    _upload(client, application, "cv.pdf", PDF_THEN_HTML)
    member.refresh_from_db()

    response = client.get("/" + member.cv.name)
    media = client.get("/media/" + member.cv.name)

    assert response.status_code == 404
    assert media.status_code == 404
