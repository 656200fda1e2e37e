import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programme.domain import materials as mat
from programme.domain.materials import MaterialRefused, add_material, detect_material_type
from programme.enums import MaterialVisibility
from programme.models import Material
from tests.factories.programme import TINY_PDF, SessionFactory


def office_file(parts, name="slides.pptx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("x.bin", TINY_PDF), "pdf"),
        (office_file({"[Content_Types].xml": "<x/>", "ppt/presentation.xml": "<p/>"}), "pptx"),
        (office_file({"[Content_Types].xml": "<x/>", "word/document.xml": "<d/>"}), "docx"),
        (office_file({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<w/>"}), "xlsx"),
        (office_file({"mimetype": "application/vnd.oasis.opendocument.presentation"}), "odp"),
        (SimpleUploadedFile("old.doc", mat.OLE_MAGIC + b"\0" * 100), "doc"),
    ],
)
def test_detect_material_type_by_content(upload, expected):
    assert detect_material_type(upload) == expected


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("slides.pdf", b"<svg onload=alert(1)>", content_type="application/pdf"),
        SimpleUploadedFile("page.html", b"<html><script>alert(1)</script>"),
        SimpleUploadedFile("empty.pdf", b""),
        office_file({"evil.html": "<script/>"}, name="slides.pptx"),
        SimpleUploadedFile("broken.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_detect_material_type_refuses_anything_else(upload):
    with pytest.raises(MaterialRefused):
        detect_material_type(upload)


def test_detect_material_type_refuses_a_file_over_the_limit(monkeypatch):
    monkeypatch.setattr(mat, "MAX_MATERIAL_BYTES", 10)

    with pytest.raises(MaterialRefused, match="larger than"):
        detect_material_type(SimpleUploadedFile("big.pdf", TINY_PDF))


@pytest.mark.django_db
def test_add_material_stores_under_a_random_name_with_the_checked_type():
    session = SessionFactory()

    material = add_material(
        session,
        SimpleUploadedFile("../../My slides.html", TINY_PDF, content_type="text/html"),
        title="",
        visibility=MaterialVisibility.PUBLIC,
    )

    assert material.file_type == "pdf"
    assert material.file.name.startswith("materials/") and material.file.name.endswith(".pdf")
    assert "My slides" not in material.file.name
    assert material.title == "My slides.html" and material.original_name == "My slides.html"
    assert mat.download_name(material) == "My slides.html.pdf"


@pytest.mark.django_db
def test_add_material_refused_stores_nothing():
    with pytest.raises(MaterialRefused):
        add_material(SessionFactory(), SimpleUploadedFile("x.pdf", b"GIF89a"), title="x")

    assert not Material.objects.exists()
