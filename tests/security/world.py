"""One realistic course for the security tests: every kind of user, and an object behind every URL kwarg.

Built once per test module (see conftest.py) inside a transaction that is rolled back afterwards."""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from participants.domain.call_setup import create_late_code
from participants.domain.invitations import accept_invitation, invite_partner, open_invitation
from participants.domain.questions import add_question
from participants.domain.referees import open_reference, request_reference
from participants.domain.review import ensure_default_criteria
from participants.enums import ApplicationStatus, MemberRole, QuestionKind, QuestionPurpose
from participants.models import Answer, FollowUpForm, LateSubmissionCode
from programme.domain.agenda import feed_token_for
from programme.domain.releases import publish_release
from programme.domain.speakers import issue_sign_in_link
from programme.enums import MaterialVisibility
from simulations.domain import engine
from simulations.domain.runs import assign_pair, create_run
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory, UserFactory
from tests.factories.logistics import (
    DocumentJobFactory,
    ExpenseClaimFactory,
    IssuedDocumentFactory,
    PassportDetailsFactory,
)
from tests.factories.negotiation import ProposalFactory, seated_run, two_by_two
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory
from tests.factories.programme import (
    MaterialFactory,
    SessionFactory,
    SpeakerAvailabilityFactory,
    SpeakerFactory,
)
from tests.factories.review import ReviewAssignmentFactory, ReviewConfigFactory
from tests.participants.applicant_support import TINY_PDF
from tests.security.world_evaluation import build_evaluation_world

# Every kind of user the permission matrix knows, in the order its tables are written.
KINDS = (
    "anonymous",
    "applicant",
    "partner",
    "other_applicant",
    "assigned_reviewer",
    "other_reviewer",
    "delegate_a",
    "delegate_b",
    "facilitator",
)


@dataclass
class World:
    course: object
    application: object  # applicant (lead scientist) + partner (policymaker), submitted
    other_application: object  # another applicant's draft
    invitation: object  # the accepted invitation of ``application``
    invitation_token: str
    pending_invitation: object  # the other applicant's pending invitation
    pending_token: str
    run: object  # running, delegation a and b seated
    finished_run: object  # same pairs, finished: the debrief is open
    draft_run: object  # not started: its round plan can still be edited
    proposal: object
    session: object
    speaker: object  # the partner, signed in as a speaker of the course
    material: object  # cohort-only, on ``session``
    availability: object
    speaker_token: str  # an unused sign-in link of ``speaker``
    feed_token: object
    evaluation: object = None  # tests.security.world_evaluation.EvaluationWorld
    traveller: object = None  # delegate A's cohort seat, with passport details, a claim and a certificate
    claim: object = None
    document: object = None
    job: object = None
    # The course team's own call (issue 14)
    question: object = None  # an application question (single choice, each member), answered by the applicant
    document_answer: object = None  # the applicant's uploaded document
    referee: object = None  # a referee request of the other applicant's draft, opened once
    referee_token: str = ""
    late_code: object = None  # a late-submission code of the other applicant's draft
    followup_form: object = None
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def member(self, kind):
        return self.application.members.get(user=self.users[kind])


def build_world():
    course = CourseFactory(slug="trieste-security")
    users = {
        "applicant": UserFactory(email="applicant@sec.example"),
        "partner": UserFactory(email="partner@sec.example"),
        "other_applicant": UserFactory(email="other@sec.example"),
        "assigned_reviewer": ReviewerFactory(email="reviewer@sec.example"),
        "other_reviewer": ReviewerFactory(email="reviewer2@sec.example"),
        "facilitator": FacilitatorFactory(email="facilitator@sec.example"),
    }

    application = ApplicationFactory(course=course, lead=users["applicant"], joint_statement="We apply together.")
    lead = ApplicationMemberFactory(
        application=application, user=users["applicant"], role=MemberRole.SCIENTIST, is_lead=True
    )
    lead.cv.save("cv.pdf", ContentFile(TINY_PDF), save=True)
    invitation, token = invite_partner(application, users["applicant"], users["partner"].email)
    accept_invitation(token, users["partner"], role=MemberRole.POLICYMAKER)
    application.members.filter(user=users["partner"]).update(
        full_name="Partner Policymaker", country="KE", affiliation="Ministry", position="Adviser"
    )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    ReviewConfigFactory(course=course)
    ensure_default_criteria(course)  # otherwise the first visit of a review page creates them
    ReviewAssignmentFactory(application=application, reviewer=users["assigned_reviewer"])

    other = ApplicationFactory(course=course, lead=users["other_applicant"])
    ApplicationMemberFactory(application=other, user=users["other_applicant"], is_lead=True)
    pending, pending_token = invite_partner(other, users["other_applicant"], "friend@sec.example")
    open_invitation(pending_token)  # opened once already: opening it again records nothing new

    run, pairs = seated_run(two_by_two(), course=course)
    users["delegate_a"] = pairs["a"][1].user
    users["delegate_b"] = pairs["b"][1].user
    proposal = ProposalFactory(run=run, delegation=run.scenario.delegations.get(key="a"))
    finished = _finished_run(course, pairs, run.scenario)
    draft_run = create_run(run.scenario, course, "Draft table")

    # The partner also speaks at this edition (signed in through a link): the speaker area's one user.
    speaker = SpeakerFactory(course=course, email=users["partner"].email, user=users["partner"])
    session = SessionFactory(course=course, speakers=[speaker])
    material = MaterialFactory(session=session, speaker=speaker, visibility=MaterialVisibility.COHORT)
    availability = SpeakerAvailabilityFactory(speaker=speaker)
    speaker_token = issue_sign_in_link(speaker)
    publish_release(course, title="First programme", notify=False)
    feed_token = feed_token_for(users["delegate_a"], course)

    traveller = pairs["a"][1]
    PassportDetailsFactory(participant=traveller)
    claim = ExpenseClaimFactory(participant=traveller)
    document = IssuedDocumentFactory(participant=traveller)
    job = DocumentJobFactory(course=course)
    call = _call_setup(course, application, other, users)

    world = World(
        **call,
        course=course,
        application=application,
        other_application=other,
        invitation=invitation,
        invitation_token=token,
        pending_invitation=pending,
        pending_token=pending_token,
        run=run,
        finished_run=finished,
        draft_run=draft_run,
        proposal=proposal,
        session=session,
        speaker=speaker,
        material=material,
        availability=availability,
        speaker_token=speaker_token,
        feed_token=feed_token,
        traveller=traveller,
        claim=claim,
        document=document,
        job=job,
        users=users,
    )
    world.evaluation = build_evaluation_world(course, pairs, session, speaker)
    world.clients = {kind: client_for(world, kind) for kind in KINDS}
    return world


def _call_setup(course, application, other, users):
    """Questions of every purpose, an answer and a document, a referee, a late code and a follow-up form."""
    facilitator = users["facilitator"]
    add_question(
        course,
        facilitator,
        purpose=QuestionPurpose.ELIGIBILITY,
        kind=QuestionKind.YES_NO,
        label="Are you a national of a developing country?",
        eligible_answers=["yes"],
        ineligible_message="This course is for scientists and policymakers from developing countries.",
    )
    question = add_question(
        course,
        facilitator,
        kind=QuestionKind.SINGLE_CHOICE,
        label="Do you need travel funding?",
        choices=["Full", "Partial", "None"],
    )
    add_question(course, facilitator, kind=QuestionKind.LONG_TEXT, label="A policy brief you wrote", word_limit=100)
    add_question(course, facilitator, kind=QuestionKind.NUMBER, scope="pair", label="Years working together")
    document = add_question(course, facilitator, kind=QuestionKind.DOCUMENT, label="Motivation letter")
    lead = application.members.get(user=users["applicant"])
    Answer.objects.create(question=question, application=application, member=lead, value="Full")
    document_answer = Answer.objects.create(
        question=document, application=application, member=lead, file_name="letter.pdf", value="letter.pdf"
    )
    document_answer.file.save("letter.pdf", ContentFile(TINY_PDF), save=True)
    referee, referee_token = request_reference(other, users["other_applicant"], "Dr Referee", "ref@sec.example")
    open_reference(referee_token)  # opened once already: opening it again records nothing new
    create_late_code(other, facilitator, later(2))
    followup = FollowUpForm.objects.create(course=course, key="travel", title="Travel", due_at=later(30))
    add_question(
        course,
        facilitator,
        purpose=QuestionPurpose.FOLLOWUP,
        followup_form=followup,
        kind=QuestionKind.SHORT_TEXT,
        label="Home airport",
    )
    return {
        "question": question,
        "document_answer": document_answer,
        "referee": referee,
        "referee_token": referee_token,
        "late_code": LateSubmissionCode.objects.get(application=other),
        "followup_form": followup,
    }


def _finished_run(course, pairs, scenario):
    run = create_run(scenario, course, "Finished table")
    for key, (pair, _scientist, _policymaker) in pairs.items():
        assign_pair(run, pair, scenario.delegations.get(key=key))
    engine.start_run(run)
    engine.finish_run(run)
    run.refresh_from_db()
    return run


def client_for(world, kind, **kwargs):
    client = Client(**kwargs)
    if kind != "anonymous":
        client.force_login(world.users[kind])
    return client


def later(days=1):
    return timezone.now() + datetime.timedelta(days=days)
