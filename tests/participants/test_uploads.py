import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from participants.domain.errors import UploadRefused
from participants.domain.uploads import MAX_CV_BYTES, attach_cv, display_name, validate_cv_upload
from tests.participants.applicant_support import TINY_PDF, make_application

ELF_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.mark.parametrize("content", [ELF_EXECUTABLE, WINDOWS_EXECUTABLE], ids=["elf", "exe"])
def test_validate_cv_upload_refuses_executable_renamed_pdf(content):
    upload = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")

    with pytest.raises(UploadRefused, match="not a PDF"):
        validate_cv_upload(upload)


def test_validate_cv_upload_refuses_oversize_pdf():
    upload = SimpleUploadedFile("big.pdf", TINY_PDF + b"0" * MAX_CV_BYTES, content_type="application/pdf")

    with pytest.raises(UploadRefused, match="5 MB"):
        validate_cv_upload(upload)


def test_validate_cv_upload_accepts_pdf_whatever_its_name_and_type():
    upload = SimpleUploadedFile("cv.exe", TINY_PDF, content_type="application/octet-stream")

    validate_cv_upload(upload)


def test_validate_cv_upload_accepts_exactly_five_megabytes():
    upload = SimpleUploadedFile("cv.pdf", TINY_PDF + b"0" * (MAX_CV_BYTES - len(TINY_PDF)))

    validate_cv_upload(upload)


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\cv.pdf", "cv.pdf"),
        ("/abs/path/My CV.pdf", "My CV.pdf"),
        ("..", ".."),
        ("", "cv.pdf"),
    ],
)
def test_display_name_keeps_only_basename(sent, shown):
    assert display_name(sent) == shown


@pytest.mark.django_db
def test_attach_cv_with_traversal_filename_stores_under_random_name(settings):
    application = make_application(complete=False, with_partner=False)
    member = application.members.get()
    upload = SimpleUploadedFile("../../../../tmp/evil.pdf", TINY_PDF, content_type="application/pdf")

    attach_cv(member, application.lead, upload)

    member.refresh_from_db()
    assert member.cv_original_name == "evil.pdf"
    assert member.cv.name.startswith("cvs/")
    assert "evil" not in member.cv.name
    stored = settings.MEDIA_ROOT / member.cv.name
    assert stored.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    assert stored.read_bytes() == TINY_PDF


@given(st.text())
def test_display_name_never_contains_a_path_separator(sent):
    shown = display_name(sent)

    assert "/" not in shown and "\\" not in shown
    assert 0 < len(shown) <= 255
