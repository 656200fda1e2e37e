"""Demo of the course team's own call (issue 14), on the current edition: the call's texts, an eligibility
question, custom questions (one conditional), a document, one referee per pair, follow-up forms for the cohort,
and answers so that the board's answer filter has something to show. Idempotent: keyed by question keys."""

import datetime

from django.utils import timezone

from course.models import Course
from participants.enums import ApplicationStatus, MemberRole, QuestionKind, QuestionPurpose, QuestionScope
from participants.models import Answer, Application, FollowUpForm, Question

CALL_TEXT = """The **AAAS-TWAS Course on Science Diplomacy** brings scientists and policymakers together for a week
in Trieste: lectures by eminent experts, workshops, and role-play negotiations.

Apply **as a pair**: one scientist and one policymaker, usually from the same country. Travel and accommodation
are covered for selected participants from developing countries."""

PREPARE = """- a CV for each of you (PDF)
- a letter of support from your employer (PDF)
- the name and email address of one referee who knows your work
- a joint statement of up to 500 words"""

ELIGIBILITY = (
    "The course is open to early- and mid-career scientists and policymakers, **primarily from developing countries**."
)

QUESTIONS = [
    dict(
        key="developing_country",
        purpose=QuestionPurpose.ELIGIBILITY,
        kind=QuestionKind.YES_NO,
        scope=QuestionScope.PAIR,
        label="Are you both nationals of, and working in, a developing country?",
        eligible_answers=["yes"],
        ineligible_message="This edition is open to scientists and policymakers from developing countries. "
        "Colleagues from elsewhere can follow the public lectures online.",
    ),
    dict(
        key="travel_funding",
        kind=QuestionKind.SINGLE_CHOICE,
        label="Do you need travel funding?",
        choices=["Full", "Partial", "None"],
        help_text="We cover travel for most participants; it does not affect selection.",
    ),
    dict(
        key="policy_brief",
        kind=QuestionKind.LONG_TEXT,
        label="Describe a policy question where science advice mattered in your country",
        word_limit=200,
    ),
    dict(
        key="worked_together",
        kind=QuestionKind.YES_NO,
        scope=QuestionScope.PAIR,
        label="Have you worked together before?",
    ),
    dict(
        key="years_together",
        kind=QuestionKind.NUMBER,
        scope=QuestionScope.PAIR,
        label="For how many years?",
        condition=("worked_together", "yes"),
    ),
    dict(
        key="employer_letter",
        kind=QuestionKind.DOCUMENT,
        label="Letter of support from your employer",
        required=False,
    ),
]

FOLLOWUPS = [
    dict(
        key="travel",
        title="Travel to Trieste",
        holds_personal_documents=False,
        questions=[
            dict(key="home_airport", kind=QuestionKind.SHORT_TEXT, label="Home airport"),
            dict(key="arrival_date", kind=QuestionKind.DATE, label="Arrival date"),
            dict(key="departure_date", kind=QuestionKind.DATE, label="Departure date"),
            dict(key="dietary_needs", kind=QuestionKind.SHORT_TEXT, label="Dietary needs", required=False),
            dict(key="accessibility_needs", kind=QuestionKind.LONG_TEXT, label="Accessibility needs", required=False),
            dict(key="emergency_contact", kind=QuestionKind.SHORT_TEXT, label="Emergency contact (name and phone)"),
        ],
    ),
    dict(
        key="passport",
        title="Passport details for the visa letter",
        holds_personal_documents=True,
        questions=[
            dict(key="passport_name", kind=QuestionKind.SHORT_TEXT, label="Name as in the passport"),
            dict(key="passport_number", kind=QuestionKind.SHORT_TEXT, label="Passport number"),
            dict(key="passport_country", kind=QuestionKind.COUNTRY, label="Issuing country"),
            dict(key="passport_expiry", kind=QuestionKind.DATE, label="Expiry date"),
        ],
    ),
]


def _question(course, spec, position, followup_form=None, purpose=QuestionPurpose.APPLICATION):
    spec = dict(spec)
    condition = spec.pop("condition", None)
    spec.setdefault("purpose", purpose)
    spec.setdefault("scope", QuestionScope.MEMBER)
    question, _ = Question.objects.update_or_create(
        course=course,
        key=spec.pop("key"),
        defaults={**spec, "position": position, "followup_form": followup_form},
    )
    if condition:
        question.condition_question = Question.objects.get(course=course, key=condition[0])
        question.condition_value = condition[1]
        question.save(update_fields=["condition_question", "condition_value"])
    return question


def seed_call():
    course = Course.objects.filter(slug="current").first()
    if course is None:
        return []
    Course.objects.filter(pk=course.pk).update(
        call_text=CALL_TEXT, what_to_prepare=PREPARE, eligibility_text=ELIGIBILITY, referees_required=1
    )
    questions = {spec["key"]: _question(course, spec, 10 * (i + 1)) for i, spec in enumerate(QUESTIONS)}
    due = timezone.make_aware(
        datetime.datetime.combine(course.starts_on - datetime.timedelta(days=30), datetime.time(23, 59)), course.tzinfo
    )
    for spec in FOLLOWUPS:
        form, _ = FollowUpForm.objects.update_or_create(
            course=course,
            key=spec["key"],
            defaults={
                "title": spec["title"],
                "due_at": due,
                "holds_personal_documents": spec["holds_personal_documents"],
            },
        )
        for i, question in enumerate(spec["questions"]):
            _question(course, question, 10 * (i + 1), form, QuestionPurpose.FOLLOWUP)
    # Answers of the submitted pairs, so that review, the board's filter and the exports show them.
    funding = ["Full", "Partial", "None"]
    applications = Application.objects.filter(course=course, status__in=ApplicationStatus.COUNTS_AS_SUBMITTED)
    for n, application in enumerate(applications.order_by("pk").prefetch_related("members")):
        Answer.objects.get_or_create(
            question=questions["developing_country"], application=application, member=None, defaults={"value": "yes"}
        )
        worked = "yes" if n % 3 else "no"
        Answer.objects.get_or_create(
            question=questions["worked_together"], application=application, member=None, defaults={"value": worked}
        )
        if worked == "yes":
            Answer.objects.get_or_create(
                question=questions["years_together"],
                application=application,
                member=None,
                defaults={"value": 1 + n % 6},
            )
        for member in application.members.all():
            offset = 0 if member.role == MemberRole.SCIENTIST else 1
            Answer.objects.get_or_create(
                question=questions["travel_funding"],
                application=application,
                member=member,
                defaults={"value": funding[(n + offset) % 3]},
            )
    return []
