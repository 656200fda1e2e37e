"""Slides and readings of a session: checked by content, size-limited, stored under a random name.

The uploader's filename and content type are ignored: the format is read from the file's first bytes (PDF,
or an Office Open XML / OpenDocument zip whose parts say which kind of document it is, or a legacy Office
compound file). Anything else, an empty file or one over MAX_MATERIAL_BYTES is refused."""

import zipfile

from django.db import transaction
from django.utils.translation import gettext

from participants.domain.uploads import display_name
from programme.enums import MaterialKind, MaterialVisibility
from programme.models import Material

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .ppt, .xls
OOXML_PARTS = {"word/document.xml": "docx", "ppt/presentation.xml": "pptx", "xl/workbook.xml": "xlsx"}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
}
ACCEPTED = "PDF, Word, PowerPoint, Excel or OpenDocument"


class MaterialRefused(ValueError):
    """The upload was refused; the message says why and is safe to show."""


def detect_material_type(uploaded_file):
    """The checked format (“pdf”, “docx”…), or MaterialRefused. Reads the file, then rewinds it."""
    if uploaded_file is None:
        raise MaterialRefused(gettext("Please choose a file (%(accepted)s).") % {"accepted": ACCEPTED})
    size = getattr(uploaded_file, "size", None)
    if not size:
        raise MaterialRefused(gettext("The file is empty."))
    if size > MAX_MATERIAL_BYTES:
        raise MaterialRefused(
            gettext("The file is larger than %(size)d MB.") % {"size": MAX_MATERIAL_BYTES // (1024 * 1024)}
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    try:
        if head.startswith(PDF_MAGIC):
            return "pdf"
        if head.startswith(OLE_MAGIC):
            return "doc"
        if head.startswith(ZIP_MAGIC):
            found = _zip_document_type(uploaded_file)
            if found:
                return found
    finally:
        uploaded_file.seek(0)
    raise MaterialRefused(gettext("This file is not a document we accept (%(accepted)s).") % {"accepted": ACCEPTED})


def _zip_document_type(uploaded_file):
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for part, kind in OOXML_PARTS.items():
                    if part in names:
                        return kind
            if "mimetype" in names:
                return ODF_TYPES.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    return None


def content_type_of(material):
    return CONTENT_TYPES.get(material.file_type, "application/octet-stream")


def download_name(material):
    """The uploader's name, with the checked format's extension (never one that a browser would open)."""
    name = display_name(material.original_name) or "material"
    if not name.lower().endswith("." + material.file_type):
        name = f"{name}.{material.file_type}"
    return name


def add_material(
    session, uploaded_file, *, title, kind=MaterialKind.SLIDES, visibility=MaterialVisibility.COHORT, speaker=None
):
    """Check and store a session's material; refused uploads store nothing."""
    file_type = detect_material_type(uploaded_file)
    title = (title or "").strip() or display_name(getattr(uploaded_file, "name", "")) or gettext("Material")
    material = Material(
        session=session,
        speaker=speaker,
        title=title[:200],
        kind=kind,
        visibility=visibility,
        file_type=file_type,
        original_name=display_name(getattr(uploaded_file, "name", ""))[:255],
        size=uploaded_file.size,
    )
    material.file.save("upload", uploaded_file, save=False)
    material.save()
    return material


def remove_material(material):
    """Delete the row now and the file once the deletion is committed."""
    storage, name = material.file.storage, material.file.name
    material.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
