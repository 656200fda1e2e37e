"""The course team's pages: travellers overview, one traveller's file, setup, costs, documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from logistics.domain import costs, documents, jobs, traveller, visa
from logistics.domain.attendance import certificate_standing
from logistics.domain.exports import costs_csv
from logistics.domain.queries.ledger import course_claims, ledger_totals
from logistics.domain.queries.travellers import participant_in_course, traveller_file, traveller_rows
from logistics.domain.setup import read_setup, update_setup
from logistics.enums import ClaimStatus, DocumentKind, JobStatus, PaymentMethod, VisaStatus
from logistics.errors import LogisticsRefused
from logistics.forms import (
    ClaimDecisionForm,
    ClaimForm,
    CoverForm,
    ItineraryForm,
    PassportForm,
    RevokeForm,
    SetupForm,
    VisaStatusForm,
)
from logistics.models import DocumentJob, ExpenseClaim, IssuedDocument
from logistics.views.common import STOP_POLLING, in_course_time, team_course


@login_required
@in_course_time
def overview(request, course_slug):
    course = team_course(request, course_slug)
    setup = read_setup(course)
    rows = traveller_rows(course, setup)
    return render(
        request,
        "logistics/team/overview.html",
        {
            "course": course,
            "setup": setup,
            "rows": rows,
            "warnings": sum(1 for r in rows if r.warning),
            "section": "travellers",
        },
    )


@login_required
@in_course_time
def setup_page(request, course_slug):
    course = team_course(request, course_slug)
    setup = read_setup(course)
    form = SetupForm(request.POST or None, instance=setup)
    if request.method == "POST":
        if form.is_valid():
            update_setup(course, form.cleaned_data, by=request.user)
            messages.success(request, gettext("Templates and rules saved."))
            return redirect("logistics:setup", course.slug)
        return render(
            request, "logistics/team/setup.html", {"course": course, "form": form, "section": "setup"}, status=400
        )
    return render(request, "logistics/team/setup.html", {"course": course, "form": form, "section": "setup"})


def _traveller_context(request, course, participant, **forms):
    file = traveller_file(participant)
    setup = read_setup(course)
    case = file["visa"]
    status = case.status if case else VisaStatus.NOT_ASKED
    passport = file["passport"]
    allowed = VisaStatus.transitions()[VisaStatus(status)]
    posted = forms.get("decision_post")
    for claim in file["claims"]:
        claim.error = forms.get("decision_errors", {}).get(claim.pk, "")
        claim.values = {
            "approved_amount": claim.amount_claimed,
            "paid_amount": claim.approved_amount if claim.approved_amount is not None else "",
            "payment_method": "",
            "paid_on": "",
            "note": "",
        }
        if posted is not None and claim.error:
            claim.values.update({name: posted.get(name, "") for name in claim.values})
    passport_form = forms.get("passport_form") or PassportForm(
        initial={name: getattr(passport, name) for name in traveller.PASSPORT_FIELDS} if passport else None
    )
    passport_form.fields["needs_letter"].label = gettext("Needs a visa invitation letter? (leave empty: no change)")
    return {
        "course": course,
        "participant": participant,
        "file": file,
        "setup": setup,
        "section": "travellers",
        "visa_status": VisaStatus(status),
        "visa_warning": visa.visa_warning(course, status, setup.visa_lead_days),
        "visa_choices": [s for s in VisaStatus if s in allowed],
        "visa_form": forms.get("visa_form")
        or VisaStatusForm(initial={"version": case.version if case else 0, "status": next(iter(sorted(allowed)), "")}),
        "passport_form": passport_form,
        "itinerary_form": forms.get("itinerary_form") or ItineraryForm(instance=file["itinerary"] or None, prefix="it"),
        "cover_form": forms.get("cover_form") or CoverForm(initial={"currency": setup.default_currency}),
        "claim_form": forms.get("claim_form") or ClaimForm(initial={"currency": setup.default_currency}),
        "payment_methods": PaymentMethod.choices,
        "has_valid_letter": any(d.kind == DocumentKind.VISA_LETTER and not d.is_revoked for d in file["documents"]),
        "error": forms.get("error", ""),
    }


def _traveller_page(request, course, participant, status=200, **forms):
    context = _traveller_context(request, course, participant, **forms)
    return render(request, "logistics/team/traveller.html", context, status=status)


def _participant(course, pk):
    participant = participant_in_course(course, pk)
    if participant is None:
        raise Http404
    return participant


def _back(course, participant, anchor=""):
    return redirect(reverse("logistics:traveller", args=[course.slug, participant.pk]) + anchor)


@login_required
@in_course_time
def traveller_page(request, course_slug, pk):
    course = team_course(request, course_slug)
    return _traveller_page(request, course, _participant(course, pk))


@login_required
@in_course_time
@require_POST
def set_visa(request, course_slug, pk):
    course = team_course(request, course_slug)
    participant = _participant(course, pk)
    form = VisaStatusForm(request.POST)
    if not form.is_valid():
        return _visa_answer(
            request, course, participant, form, gettext("Choose a status (and a date for an appointment).")
        )
    data = form.cleaned_data
    try:
        visa.set_visa_status(
            participant,
            data["status"],
            by=request.user,
            expected_version=data["version"],
            appointment_on=data["appointment_on"],
            note=data["note"],
        )
    except LogisticsRefused as refused:
        return _visa_answer(request, course, participant, form, refused.message)
    if request.htmx:
        return _visa_answer(request, course, participant, None, "", saved=True)
    messages.success(request, gettext("Visa status saved."))
    return _back(course, participant, "#visa")


def _visa_answer(request, course, participant, form, error, saved=False):
    context = _traveller_context(request, course, participant, **({"visa_form": form} if form else {}))
    context.update(visa_error=error, visa_saved=saved)
    status = 200 if not error else 409
    template = "logistics/team/traveller.html#visa" if request.htmx else "logistics/team/traveller.html"
    return render(request, template, context, status=status)


@login_required
@in_course_time
@require_POST
def save_passport(request, course_slug, pk):
    course = team_course(request, course_slug)
    participant = _participant(course, pk)
    form = PassportForm(request.POST)
    if not form.is_valid():
        return _traveller_page(request, course, participant, status=400, passport_form=form)
    data = dict(form.cleaned_data)
    needs = data.pop("needs_letter", None)
    try:
        traveller.save_passport(participant, data, by=request.user, needs_letter=needs if needs != "" else None)
    except LogisticsRefused as refused:
        form.add_error(None, refused.message)
        return _traveller_page(request, course, participant, status=409, passport_form=form)
    messages.success(request, gettext("Passport details saved."))
    return _back(course, participant, "#passport")


@login_required
@in_course_time
@require_POST
def save_itinerary(request, course_slug, pk):
    course = team_course(request, course_slug)
    participant = _participant(course, pk)
    form = ItineraryForm(request.POST, prefix="it", instance=traveller_file(participant)["itinerary"])
    if not form.is_valid():
        return _traveller_page(request, course, participant, status=400, itinerary_form=form)
    traveller.save_itinerary(participant, form.cleaned_data, by=request.user)
    messages.success(request, gettext("Itinerary saved."))
    return _back(course, participant, "#itinerary")


@login_required
@in_course_time
@require_POST
def set_cover(request, course_slug, pk):
    course = team_course(request, course_slug)
    participant = _participant(course, pk)
    form = CoverForm(request.POST)
    if not form.is_valid():
        return _traveller_page(request, course, participant, status=400, cover_form=form)
    data = form.cleaned_data
    try:
        costs.set_cover(
            participant, data["category"], data["amount"], data["currency"], by=request.user, note=data["note"]
        )
    except LogisticsRefused as refused:
        form.add_error(None, refused.message)
        return _traveller_page(request, course, participant, status=409, cover_form=form)
    messages.success(request, gettext("Covered amount saved."))
    return _back(course, participant, "#costs")


@login_required
@in_course_time
@require_POST
def add_claim(request, course_slug, pk):
    course = team_course(request, course_slug)
    participant = _participant(course, pk)
    form = ClaimForm(request.POST, request.FILES)
    if not form.is_valid():
        return _traveller_page(request, course, participant, status=400, claim_form=form)
    try:
        _submit(participant, request.user, form)
    except LogisticsRefused as refused:
        form.add_error("receipt", refused.message)
        return _traveller_page(request, course, participant, status=400, claim_form=form)
    messages.success(request, gettext("Claim added."))
    return _back(course, participant, "#claims")


def _submit(participant, user, form):
    data = form.cleaned_data
    return costs.submit_claim(
        participant,
        by=user,
        category=data["category"],
        description=data["description"],
        amount=data["amount"],
        currency=data["currency"],
        receipt=data.get("receipt"),
    )


@login_required
@in_course_time
@require_POST
def decide_claim(request, course_slug, claim_pk):
    course = team_course(request, course_slug)
    claim = get_object_or_404(
        ExpenseClaim.objects.select_related("participant__pair__course", "participant__user"),
        pk=claim_pk,
        participant__pair__course=course,
    )
    participant = claim.participant
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        errors = {claim.pk: gettext("Choose a decision; amounts are numbers with at most two decimals.")}
        return _traveller_page(
            request, course, participant, status=400, decision_errors=errors, decision_post=request.POST
        )
    data = form.cleaned_data
    try:
        costs.decide_claim(
            claim,
            data["status"],
            by=request.user,
            expected_version=data["version"],
            approved_amount=data["approved_amount"],
            paid_amount=data["paid_amount"],
            payment_method=data["payment_method"],
            paid_on=data["paid_on"],
            note=data["note"],
        )
    except LogisticsRefused as refused:
        return _traveller_page(
            request,
            course,
            participant,
            status=409,
            decision_errors={claim.pk: refused.message},
            decision_post=request.POST,
        )
    messages.success(
        request,
        gettext("Claim #%(number)s: %(status)s.") % {"number": claim.pk, "status": ClaimStatus(data["status"]).label},
    )
    return _back(course, participant, f"#claim-{claim.pk}")


@login_required
@in_course_time
@require_POST
def issue_letter(request, course_slug, pk):
    course = team_course(request, course_slug)
    participant = _participant(course, pk)
    try:
        document = documents.issue_document(participant, DocumentKind.VISA_LETTER, by=request.user)
    except LogisticsRefused as refused:
        return _traveller_page(request, course, participant, status=409, error=refused.message)
    messages.success(
        request, gettext("Visa letter %(code)s issued and the participant mailed.") % {"code": document.display_code}
    )
    return _back(course, participant, "#documents")


@login_required
@in_course_time
def costs_page(request, course_slug):
    course = team_course(request, course_slug)
    status = request.GET.get("status", "")
    if status not in ClaimStatus.values:
        status = ""
    return render(
        request,
        "logistics/team/costs.html",
        {
            "course": course,
            "ledger": ledger_totals(course),
            "claims": course_claims(course, status or None),
            "status": status,
            "statuses": ClaimStatus.choices,
            "section": "costs",
        },
    )


@login_required
@in_course_time
def costs_export(request, course_slug):
    course = team_course(request, course_slug)
    response = HttpResponse(costs_csv(course), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-costs.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _documents_context(course, **extra):
    recent = list(DocumentJob.objects.filter(course=course).select_related("created_by")[:5])
    return {
        "course": course,
        "documents": IssuedDocument.objects.filter(participant__pair__course=course).select_related("participant"),
        "jobs": recent,
        "running": [j for j in recent if not j.is_finished],
        "letters_due": len(jobs.letter_targets(course)),
        "standing": certificate_standing(course),
        "setup": read_setup(course),
        "section": "documents",
        **extra,
    }


@login_required
@in_course_time
def documents_page(request, course_slug):
    course = team_course(request, course_slug)
    context = _documents_context(course)
    context["certificates_due"] = len(jobs.certificate_targets(course, context["standing"]))
    return render(request, "logistics/team/documents.html", context)


@login_required
@in_course_time
@require_POST
def start_batch(request, course_slug):
    course = team_course(request, course_slug)
    kind = request.POST.get("kind", "")
    if kind not in DocumentKind.values:
        messages.error(request, gettext("Choose letters or certificates."))
        return redirect("logistics:documents", course.slug)
    try:
        job = jobs.start_document_job(course, kind, by=request.user)
    except LogisticsRefused as refused:
        if request.htmx:
            return render(request, "logistics/team/documents.html#batch_refused", {"message": refused.message})
        messages.error(request, refused.message)
        return redirect("logistics:documents", course.slug)
    if request.htmx:
        return render(request, "logistics/team/documents.html#job", {"course": course, "job": job})
    messages.success(
        request,
        ngettext(
            "Issuing %(count)d document; progress below.", "Issuing %(count)d documents; progress below.", job.total
        )
        % {"count": job.total},
    )
    return redirect("logistics:documents", course.slug)


@login_required
@in_course_time
def job_progress(request, course_slug, job_pk):
    """The poll: one cheap read; 286 (stop polling) once the batch is over."""
    course = team_course(request, course_slug)
    job = jobs.job_progress(job_pk, course)
    if job is None:
        raise Http404
    if request.GET.get("v") == job.stamp and not job.is_finished:
        return HttpResponse(status=204)  # nothing changed: htmx swaps nothing, the card polls on
    response = render(request, "logistics/team/documents.html#job", {"course": course, "job": job})
    if job.status in JobStatus.finished():
        response.status_code = STOP_POLLING if request.htmx else 200
    return response


@login_required
@in_course_time
@require_POST
def revoke(request, course_slug, doc_pk):
    course = team_course(request, course_slug)
    document = get_object_or_404(
        IssuedDocument.objects.select_related("participant__pair__course"), pk=doc_pk, participant__pair__course=course
    )
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        documents.revoke_document(document, by=request.user, reason=reason, now=timezone.now())
    except LogisticsRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, gettext("Document %(code)s revoked.") % {"code": document.display_code})
    return redirect(reverse("logistics:traveller", args=[course.slug, document.participant_id]) + "#documents")
