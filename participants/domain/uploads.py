"""CV uploads: PDF by content only, at most 5 MB, stored under a random name (see cv_upload_path)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from participants.domain.applications import _require_editable
from participants.domain.errors import ApplicationRefused, UploadRefused

MAX_CV_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def display_name(filename, default="cv.pdf"):
    """Only the last path part, whatever separators the browser sent; never used on disk."""
    name = (filename or "").replace("\\", "/").split("/")[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:255] or default


# What the file is, as the refusal names it (translated; callers pass the key).
FILE_NAMES = {"CV": gettext_lazy("CV"), "document": gettext_lazy("document"), "letter": gettext_lazy("letter")}


def validate_pdf_upload(uploaded_file, what="CV"):
    what = FILE_NAMES.get(what, what)
    """Refuse anything but a PDF of at most 5 MB. The extension and the browser's content type are ignored.
    Used for CVs, the course team's document questions and referees' letters."""
    if uploaded_file is None:
        raise UploadRefused(gettext("Please choose a PDF file to upload."))
    if uploaded_file.size is None or uploaded_file.size > MAX_CV_BYTES:
        raise UploadRefused(gettext("The %(what)s is larger than 5 MB. Please upload a smaller PDF.") % {"what": what})
    if uploaded_file.size == 0:
        raise UploadRefused(gettext("The file is empty. Please upload your %(what)s as a PDF.") % {"what": what})
    uploaded_file.seek(0)
    head = uploaded_file.read(1024)
    uploaded_file.seek(0)
    # PDF readers accept the signature anywhere in the first 1 KB, but we insist on it at the start.
    if not head.startswith(PDF_MAGIC):
        raise UploadRefused(
            gettext("This file is not a PDF. Please save your %(what)s as a PDF and upload that.") % {"what": what}
        )


def validate_cv_upload(uploaded_file):
    validate_pdf_upload(uploaded_file, what="CV")


def attach_cv(member, by_user, uploaded_file, now=None):
    """Validate and store the member's CV; the previous file, if any, is removed after commit."""
    now = now or timezone.now()
    if member.user_id != by_user.pk:
        raise ApplicationRefused(gettext("You can only upload your own CV."))
    _require_editable(member.application, now)
    validate_cv_upload(uploaded_file)
    old_name = member.cv.name if member.cv else ""
    storage = member.cv.storage
    member.cv_original_name = display_name(getattr(uploaded_file, "name", ""))
    member.cv.save("cv.pdf", uploaded_file, save=False)
    member.save(update_fields=["cv", "cv_original_name", "updated_at"])
    if old_name and old_name != member.cv.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return member
