"""The course team's mail to a group: compose, preview per recipient, send through the outbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from participants.domain import group_mail as domain
from participants.models import GroupMail
from participants.review_forms import GroupMailForm
from participants.views.review import facilitator_course

DEFAULT_BODY = "Dear {{ name }},\n\n\n\nThe course team of the {{ course }}"


@login_required
def compose(request, course_slug):
    course = facilitator_course(request, course_slug)
    groups = domain.group_choices(course)
    previews, total = None, 0
    if request.method == "POST":
        form = GroupMailForm(request.POST, groups=groups)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "send":
                    sent = domain.send_group_mail(course, data["group"], data["subject"], data["body"], by=request.user)
                    messages.success(
                        request,
                        ngettext(
                            "“%(subject)s” queued for %(count)d recipient; see the outbox.",
                            "“%(subject)s” queued for %(count)d recipients; see the outbox.",
                            sent.recipients,
                        )
                        % {"subject": sent.subject, "count": sent.recipients},
                    )
                    return redirect("participants:selection_outbox", course.slug)
                previews, total = domain.preview_group_mail(course, data["group"], data["subject"], data["body"])
            except domain.GroupMailRefused as error:
                form.add_error(None, error.message)
    else:
        form = GroupMailForm(initial={"body": DEFAULT_BODY}, groups=groups)
    return render(
        request,
        "participants/selection/group_mail.html",
        {
            "course": course,
            "form": form,
            "previews": previews,
            "total": total,
            "placeholders": domain.all_placeholders(),
            "sent": GroupMail.objects.filter(course=course).select_related("sent_by")[:20],
            "max_previews": domain.MAX_PREVIEWS,
        },
    )
