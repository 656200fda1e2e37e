"""Issuing, mailing and revoking visa letters and certificates; finding one by its verification code.

A participant holds at most one valid document of each kind (a database constraint): issuing again revokes the
previous one in the same transaction. The name, course and dates printed are copied onto the row, so the public
verification page can answer from the row alone, after the PDF is deleted by the retention rule.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from course.domain.languages import language_of
from logistics.domain.setup import fill_placeholders, read_setup
from logistics.domain.visa import set_visa_status, visa_case_for
from logistics.enums import DocumentKind, VisaStatus
from logistics.errors import LogisticsRefused
from logistics.models import IssuedDocument, PassportDetails
from logistics.pdf import render_document_pdf
from participants.domain.audit import record_audit
from participants.domain.outbox import queue_outbox_mail
from participants.enums import OutboxMailKind

CODE_CHARACTERS = set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")


def long_date(day):
    return f"{day.day} {day:%B %Y}" if day else "—"


def verify_url(code):
    return settings.SITE_URL.rstrip("/") + reverse("logistics:verify_code", args=[code])


def normalise_code(typed):
    """What someone typed from paper, as stored: upper case, without spaces or dashes; None if it cannot be one."""
    code = "".join(ch for ch in (typed or "").upper() if ch not in " -\t")
    if not 8 <= len(code) <= 16 or not set(code) <= CODE_CHARACTERS:
        return None
    return code


def find_document(typed):
    """The document for a typed code (revoked ones included), or None."""
    code = normalise_code(typed)
    if code is None:
        return None
    return IssuedDocument.objects.filter(code=code).select_related("participant").first()


def _paragraphs(text):
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def document_context(kind, participant, setup, code, *, passport=None, attended=0, sessions=0, now=None):
    """Everything the PDF template shows, as plain values."""
    course = participant.pair.course
    now = now or timezone.now()
    values = {
        "course": course.title,
        "venue": course.venue,
        "starts_on": long_date(course.starts_on),
        "ends_on": long_date(course.ends_on),
        "name": participant.full_name,
        "content": setup.course_content,
        "attended": attended,
        "sessions": sessions,
    }
    if kind == DocumentKind.VISA_LETTER:
        values.update(
            name=passport.name_in_passport,
            passport_number=passport.passport_number,
            nationality=passport.nationality.name,
            date_of_birth=long_date(passport.date_of_birth),
        )
        text = setup.letter_text
    else:
        text = setup.certificate_text
    display_code = "-".join(code[i : i + 4] for i in range(0, len(code), 4))
    return {
        **values,
        "paragraphs": _paragraphs(fill_placeholders(text, values)),
        "letterhead_lines": [line for line in setup.letterhead.splitlines() if line.strip()],
        "signatory_name": setup.signatory_name,
        "signatory_title": setup.signatory_title,
        "issued_on": long_date(timezone.localtime(now, course.tzinfo).date()),
        "code": display_code,
        "verify_url": verify_url(display_code),
    }


def issue_document(participant, kind, *, by, job=None, attended=0, sessions=0, mail=True, now=None):
    """Render and store a new document for ``participant``, revoking the valid one of that kind, if any.

    A visa letter needs passport details and moves the visa to “letter sent” (asking for the letter first when
    nobody had yet). With ``mail``, the participant is mailed a link after the commit. Returns the document."""
    kind = DocumentKind(kind)
    now = now or timezone.now()
    course = participant.pair.course
    setup = read_setup(course)
    passport = None
    if kind == DocumentKind.VISA_LETTER:
        passport = PassportDetails.objects.filter(participant=participant).first()
        if passport is None:
            raise LogisticsRefused(
                gettext("%(name)s has no passport details yet: the letter needs them.")
                % {"name": participant.full_name}
            )
    document = IssuedDocument(
        participant=participant,
        kind=kind,
        holder_name=passport.name_in_passport if passport else participant.full_name,
        course_title=course.title,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        issued_at=now,
        issued_by=by if by is not None and by.is_authenticated else None,
        job=job,
    )
    context = document_context(
        kind, participant, setup, document.code, passport=passport, attended=attended, sessions=sessions, now=now
    )
    pdf = render_document_pdf(kind, context)  # outside the transaction: no lock is held while laying out
    with transaction.atomic():
        previous = IssuedDocument.objects.filter(participant=participant, kind=kind, revoked_at__isnull=True)
        for old in previous.select_for_update():
            _revoke(old, by, "Replaced by a new document.", now)
        document.pdf.save(f"{kind}.pdf", ContentFile(pdf), save=False)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            document.pdf.storage.delete(document.pdf.name)
            raise LogisticsRefused(
                gettext("A “%(kind)s” was issued to %(name)s meanwhile.")
                % {"kind": kind.label, "name": participant.full_name}
            )
        record_audit(course, by, "logistics.document_issued", document, {}, {"kind": kind.value, "code": document.code})
        if kind == DocumentKind.VISA_LETTER:
            case = visa_case_for(participant)
            if case.status in (VisaStatus.NOT_ASKED, VisaStatus.NOT_NEEDED, VisaStatus.REFUSED):
                case = set_visa_status(participant, VisaStatus.LETTER_REQUESTED, by=by)
            if case.status == VisaStatus.LETTER_REQUESTED:
                set_visa_status(participant, VisaStatus.LETTER_SENT, by=by, note=f"Letter {document.display_code}")
        if mail:
            mail_document(document, now=now)
    return document


def mail_document(document, now=None):
    """Queue the mail that tells the holder their document is ready; exactly once per document."""
    now = now or timezone.now()
    claimed = IssuedDocument.objects.filter(pk=document.pk, mailed_at__isnull=True).update(mailed_at=now)
    if not claimed:
        return False
    participant = document.participant
    course = participant.pair.course
    context = {
        "document": document,
        "participant": participant,
        "course": course,
        "mine_url": settings.SITE_URL.rstrip("/") + reverse("logistics:mine", args=[course.slug]),
        "verify_url": verify_url(document.display_code),
    }
    with translation.override(language_of(participant.user)):  # the holder's language; the PDF stays English
        subject = gettext("[%(course)s] Your %(document)s is ready") % {
            "course": course.title,
            "document": str(document.get_kind_display()).lower(),
        }
        body = render_to_string("logistics/email/document_ready.txt", context)
    queue_outbox_mail(
        key=f"{OutboxMailKind.DOCUMENT_READY}:{document.pk}",
        course=course,
        kind=OutboxMailKind.DOCUMENT_READY,
        application_id=participant.pair.application_id,
        recipient=participant.user.email,
        subject=subject,
        body=body,
    )
    return True


def revoke_document(document, *, by, reason, now=None):
    """Mark a document revoked (the verification page says so from then on). Refused if it already is."""
    now = now or timezone.now()
    with transaction.atomic():
        if not _revoke(document, by, (reason or "").strip()[:300] or "Revoked by the course team.", now):
            raise LogisticsRefused(gettext("This document was already revoked."))
    document.refresh_from_db()
    return document


def _revoke(document, by, reason, now):
    updated = IssuedDocument.objects.filter(pk=document.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=reason
    )
    if updated:
        record_audit(
            document.participant.pair.course,
            by,
            "logistics.document_revoked",
            document,
            {"revoked": False},
            {"revoked": True, "reason": reason},
        )
    return bool(updated)
