"""The referee's page: the emailed link is the credential (no account). Opening marks the request opened;
submitting a letter (PDF or typed) spends the link."""

from django.shortcuts import render
from django.utils import timezone

from participants.domain.errors import ApplicationRefused, InvitationRefused
from participants.domain.referees import open_reference, submit_reference
from participants.forms.generated import RefereeLetterForm


def referee(request, token):
    now = timezone.now()
    try:
        request_ = open_reference(token, now=now)
    except InvitationRefused as refusal:
        return render(request, "participants/referee_refused.html", {"reason": refusal.message}, status=410)
    form = RefereeLetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_reference(
                token,
                statement=form.cleaned_data["statement"],
                relationship=form.cleaned_data["relationship"],
                letter=form.cleaned_data.get("letter"),
                now=now,
            )
        except InvitationRefused as refusal:
            return render(request, "participants/referee_refused.html", {"reason": refusal.message}, status=410)
        except ApplicationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return render(request, "participants/referee_thanks.html", {"referee": request_})
    application = request_.application
    return render(
        request,
        "participants/referee.html",
        {
            "referee": request_,
            "course": application.course,
            "applicants": [m.full_name for m in application.members.all() if m.full_name],
            "form": form,
        },
        status=400 if form.errors else 200,
    )
