"""Follow-up forms for confirmed participants: the list of forms open to me, and one form to fill."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from participants.domain import followups
from participants.domain.errors import ApplicationRefused
from participants.forms.generated import AnswersForm


@login_required
def my_followups(request):
    rows = []
    for form, member in followups.forms_for_user(request.user):
        rows.append((form, member, followups.is_complete(form, member)))
    return render(request, "participants/followups.html", {"rows": rows, "now": timezone.now()})


@login_required
def fill_followup(request, form_pk):
    found = next(((f, m) for f, m in followups.forms_for_user(request.user) if f.pk == form_pk), None)
    if found is None:
        raise Http404
    followup_form, member = found
    questions = followups.form_questions(followup_form)
    values = {a.question_id: a.value for a in followups.member_answers(followup_form, member)}
    form = AnswersForm(request.POST or None, questions=questions, answers=values)
    if request.method == "POST":
        form.is_valid()
        try:
            followups.save_followup_answers(followup_form, member, request.user, form.valid_raw_values())
        except ApplicationRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(reverse("participants:followups"))
        if not form.errors:
            messages.success(
                request,
                gettext("“%(form)s” is saved. You can change it until it is due.") % {"form": followup_form.title},
            )
            return redirect(reverse("participants:followups"))
        messages.warning(request, gettext("Some answers need a look (see below). Everything else is saved."))
    return render(
        request,
        "participants/followup_fill.html",
        {"followup_form": followup_form, "course": followup_form.course, "form": form, "member": member},
        status=400 if form.errors else 200,
    )
