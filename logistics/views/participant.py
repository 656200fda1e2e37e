"""A participant's own travel page: passport details, itinerary, claims with receipts, documents, check-in;
and the private downloads (receipts, documents) shared with the course team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from course.permissions import has_perm
from course.ratelimit import allow
from logistics.domain import attendance, traveller, visa
from logistics.domain.costs import extension_for
from logistics.domain.queries.travellers import traveller_file
from logistics.domain.setup import read_setup
from logistics.enums import VisaStatus
from logistics.errors import LogisticsRefused
from logistics.forms import CheckInForm, ClaimForm, ItineraryForm, PassportForm
from logistics.models import ExpenseClaim, IssuedDocument
from logistics.ratelimit import CHECK_INS
from logistics.views.common import in_course_time, own_participation, private_file
from logistics.views.team import _submit


def _mine_context(course, participant, **forms):
    file = traveller_file(participant)
    setup = read_setup(course)
    passport, case = file["passport"], file["visa"]
    status = VisaStatus(case.status) if case else VisaStatus.NOT_ASKED
    initial = {name: getattr(passport, name) for name in traveller.PASSPORT_FIELDS} if passport else {}
    if status not in (VisaStatus.NOT_ASKED, VisaStatus.NOT_NEEDED):
        initial["needs_letter"] = "yes"
    elif status == VisaStatus.NOT_NEEDED:
        initial["needs_letter"] = "no"
    return {
        "course": course,
        "participant": participant,
        "file": file,
        "visa_status": status,
        "visa_warning": visa.visa_warning(course, status, setup.visa_lead_days),
        "passport_form": forms.get("passport_form") or PassportForm(initial=initial),
        "itinerary_form": forms.get("itinerary_form") or ItineraryForm(instance=file["itinerary"], prefix="it"),
        "claim_form": forms.get("claim_form") or ClaimForm(initial={"currency": setup.default_currency}),
        "check_in_form": forms.get("check_in_form") or CheckInForm(),
        "valid_documents": [d for d in file["documents"] if not d.is_revoked and d.pdf],
    }


def _mine_page(request, course, participant, status=200, **forms):
    return render(request, "logistics/mine.html", _mine_context(course, participant, **forms), status=status)


@login_required
@in_course_time
def mine(request, course_slug):
    course, participant = own_participation(request, course_slug)
    return _mine_page(request, course, participant)


@login_required
@in_course_time
@require_POST
def mine_passport(request, course_slug):
    course, participant = own_participation(request, course_slug)
    form = PassportForm(request.POST)
    if not form.is_valid():
        return _mine_page(request, course, participant, status=400, passport_form=form)
    data = dict(form.cleaned_data)
    needs = data.pop("needs_letter", None)
    traveller.save_passport(participant, data, by=request.user, needs_letter=needs if needs != "" else None)
    messages.success(request, gettext("Passport details saved. Only you and the course team can see them."))
    return redirect("logistics:mine", course.slug)


@login_required
@in_course_time
@require_POST
def mine_itinerary(request, course_slug):
    course, participant = own_participation(request, course_slug)
    form = ItineraryForm(request.POST, prefix="it", instance=traveller_file(participant)["itinerary"])
    if not form.is_valid():
        return _mine_page(request, course, participant, status=400, itinerary_form=form)
    traveller.save_itinerary(participant, form.cleaned_data, by=request.user)
    messages.success(request, gettext("Itinerary saved."))
    return redirect("logistics:mine", course.slug)


@login_required
@in_course_time
@require_POST
def mine_claim(request, course_slug):
    course, participant = own_participation(request, course_slug)
    form = ClaimForm(request.POST, request.FILES)
    if not form.is_valid():
        return _mine_page(request, course, participant, status=400, claim_form=form)
    if not form.cleaned_data.get("receipt"):
        form.add_error("receipt", gettext("Please attach the receipt (PDF, PNG or JPEG)."))
        return _mine_page(request, course, participant, status=400, claim_form=form)
    try:
        _submit(participant, request.user, form)
    except LogisticsRefused as refused:
        form.add_error("receipt", refused.message)
        return _mine_page(request, course, participant, status=400, claim_form=form)
    messages.success(request, gettext("Claim submitted. The course team will review it."))
    return redirect("logistics:mine", course.slug)


@login_required
@in_course_time
def check_in(request, course_slug):
    course, participant = own_participation(request, course_slug)
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _mine_page(request, course, participant, status=400, check_in_form=form)
        if not allow(CHECK_INS, request.user.pk):
            form.add_error("code", CHECK_INS.message)
            return _mine_page(request, course, participant, status=429, check_in_form=form)
        try:
            session = attendance.check_in(participant, form.cleaned_data["code"])
        except LogisticsRefused as refused:
            form.add_error("code", refused.message)
            return _mine_page(request, course, participant, status=400, check_in_form=form)
        messages.success(request, gettext("Checked in: %(title)s.") % {"title": session.title})
        return redirect("logistics:mine", course.slug)
    return _mine_page(request, course, participant, check_in_form=form)


@login_required
@in_course_time
def download_document(request, doc_pk):
    """The team and the holder only; everyone else 404, revoked documents included."""
    document = get_object_or_404(IssuedDocument.objects.select_related("participant"), pk=doc_pk)
    if not has_perm(request.user, "logistics.see_private_travel_data", document.participant) or not document.pdf:
        raise Http404
    if document.is_revoked and document.participant.user_id == request.user.pk:
        raise Http404
    filename = f"{document.kind.replace('_', '-')}-{document.display_code}.pdf"
    return private_file(document.pdf, filename, "application/pdf")


@login_required
@in_course_time
def download_receipt(request, claim_pk):
    claim = get_object_or_404(ExpenseClaim.objects.select_related("participant"), pk=claim_pk)
    if not has_perm(request.user, "logistics.see_private_travel_data", claim.participant) or not claim.receipt:
        raise Http404
    content_type = claim.receipt_type or "application/octet-stream"
    # The name always ends in the extension of the kind found by content, whatever the participant called it.
    filename = f"receipt-{claim.pk}{extension_for(content_type)}"
    return private_file(claim.receipt, filename, content_type)
