"""The permission matrix: every URL pattern of the project against every kind of user.

Each project pattern has an explicit expected answer to a GET for each kind of user (tables below, columns in the
order of ``KINDS``), and state-changing patterns also an expected answer to a POST by each user who may not
do it (``None`` = allowed; that user's POST is exercised by the CSRF and fuzz tests instead). A refused POST,
and any GET of a state-changing pattern, must leave every row of our apps as it was.

Adding a URL pattern without a row here fails ``test_every_pattern_has_an_entry``. Admin and allauth patterns
get one blanket expectation per namespace."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.course import UserFactory
from tests.security.helpers import (
    ADMIN_LOGIN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    concrete_path,
    fingerprint,
    outcome,
)
from tests.security.patterns import all_patterns
from tests.security.world import KINDS

pytestmark = pytest.mark.django_db

L, N, A, R = LOGIN, NOT_FOUND, NOT_ALLOWED, REDIRECT


def row(*results):
    """Expected results in the order of KINDS: anonymous, applicant, partner, other applicant, assigned reviewer,
    other reviewer, delegate of A, delegate of B, facilitator."""
    assert len(results) == len(KINDS), results
    return dict(zip(KINDS, results, strict=True))


def everyone(result):
    return row(*[result] * len(KINDS))


FACILITATOR_PAGE = row(L, N, N, N, N, N, N, N, OK)
FACILITATOR_POST = row(L, N, N, N, N, N, N, N, None)
FACILITATOR_NO_LOGIN_PAGE = row(N, N, N, N, N, N, N, N, OK)  # the programme editor: 404 without a login hint
FACILITATOR_NO_LOGIN_POST = row(N, N, N, N, N, N, N, N, None)
POST_ONLY = everyone(NOT_ALLOWED)
LOGIN_THEN_POST_ONLY = row(L, A, A, A, A, A, A, A, A)  # @login_required outside @require_POST
APPLICANTS_POST = row(L, None, None, N, N, N, N, N, N)
DELEGATES_PAGE = row(L, N, N, N, N, N, OK, OK, N)
DELEGATES_POST = row(L, N, N, N, N, N, None, None, N)
SPEAKER_PAGE = row(L, N, OK, N, N, N, N, N, N)  # the partner speaks at the edition
SPEAKER_POST = row(L, N, None, N, N, N, N, N, N)


@dataclass
class Entry:
    kwargs: object  # world -> URL kwargs
    get: dict
    post: dict | None = None  # None: the pattern changes nothing


def no_kwargs(world):
    return {}


def course_slug(world):
    return {"slug": world.course.slug}


def selection_slug(world):
    return {"course_slug": world.course.slug}


def application(world):
    return {"pk": world.application.pk}


def question(world):
    return {"course_slug": world.course.slug, "pk": world.question.pk}


def followup(world):
    return {"course_slug": world.course.slug, "pk": world.followup_form.pk}


def run(world):
    return {"run_id": world.run.pk}


def evaluation_instrument(world):
    return {"course_slug": world.course.slug, "pk": world.evaluation.instrument.pk}


def evaluation_wave(world):
    return {"course_slug": world.course.slug, "wave_id": world.evaluation.wave.pk}


def session(world):
    return {"slug": world.course.slug, "pk": world.session.pk}


def traveller(world):
    return {"course_slug": world.course.slug, "pk": world.traveller.pk}


def attendance_session(world):
    return {"course_slug": world.course.slug, "session_pk": world.session.pk}


MATRIX = {
    # --- config/urls.py ---
    "favicon.ico": Entry(no_kwargs, everyone(R)),
    "set_language": Entry(no_kwargs, POST_ONLY, everyone(R)),  # a bare POST goes back and changes nothing
    # --- course ---
    "course:home": Entry(no_kwargs, everyone(OK)),
    "course:facilitator_home": Entry(no_kwargs, FACILITATOR_PAGE),
    "course:detail": Entry(course_slug, everyone(OK)),
    "course:current_programme": Entry(no_kwargs, everyone(R)),
    "course:programme": Entry(course_slug, everyone(OK)),
    "course:programme_changes": Entry(course_slug, everyone(OK)),
    "course:programme_speakers": Entry(course_slug, everyone(OK)),
    "course:programme_speaker": Entry(lambda w: {"slug": w.course.slug, "speaker_id": w.speaker.pk}, everyone(OK)),
    "course:programme_feed": Entry(course_slug, everyone(OK)),
    "course:agenda": Entry(course_slug, DELEGATES_PAGE),
    "course:agenda_feed_reset": Entry(course_slug, LOGIN_THEN_POST_ONLY, DELEGATES_POST),
    # The secret URL is the credential: a calendar app fetches it without a session.
    "course:personal_feed": Entry(lambda w: {"secret": w.feed_token.secret}, everyone(OK)),
    # Exports of the published programme and a session's page: public, like the programme.
    "course:programme_json": Entry(course_slug, everyone(OK)),
    "course:programme_xml": Entry(course_slug, everyone(OK)),
    "course:programme_pdf": Entry(course_slug, everyone(OK)),
    "course:programme_print": Entry(course_slug, everyone(OK)),
    "course:programme_session": Entry(lambda w: {"slug": w.course.slug, "uid": w.session.uid}, everyone(OK)),
    # A cohort-only material: the edition's participants (delegates), its speaker (partner) and the team.
    "course:material_download": Entry(
        lambda w: {"slug": w.course.slug, "pk": w.material.pk}, row(N, N, OK, N, N, N, OK, OK, OK)
    ),
    "course:week_pack": Entry(course_slug, row(L, N, N, N, N, N, R, R, N), DELEGATES_POST),  # to the agenda
    "course:week_pack_download": Entry(course_slug, row(L, N, N, N, N, N, N, N, N)),  # no pack built yet
    # The mailed link is the credential; GET spends nothing, POST signs in (or refuses another address).
    "course:speaker_sign_in": Entry(lambda w: {"token": w.speaker_token}, everyone(OK), everyone(None)),
    "course:speaker_area": Entry(course_slug, SPEAKER_PAGE),
    "course:speaker_answer": Entry(session, LOGIN_THEN_POST_ONLY, SPEAKER_POST),
    "course:speaker_upload": Entry(session, LOGIN_THEN_POST_ONLY, SPEAKER_POST),
    "course:speaker_material_remove": Entry(
        lambda w: {"slug": w.course.slug, "pk": w.material.pk}, LOGIN_THEN_POST_ONLY, SPEAKER_POST
    ),
    "course:speaker_availability": Entry(course_slug, LOGIN_THEN_POST_ONLY, SPEAKER_POST),
    "course:speaker_availability_remove": Entry(
        lambda w: {"slug": w.course.slug, "pk": w.availability.pk}, LOGIN_THEN_POST_ONLY, SPEAKER_POST
    ),
    "course:speaker_profile": Entry(course_slug, LOGIN_THEN_POST_ONLY, SPEAKER_POST),
    "course:speaker_photo": Entry(
        lambda w: {"slug": w.course.slug, "speaker_id": w.speaker.pk}, everyone(N)
    ),  # no photo uploaded
    "course:programme_speaker_status": Entry(course_slug, FACILITATOR_NO_LOGIN_PAGE),
    "course:programme_session_materials": Entry(session, POST_ONLY, FACILITATOR_NO_LOGIN_POST),
    "course:programme_material_remove": Entry(
        lambda w: {"slug": w.course.slug, "pk": w.material.pk}, POST_ONLY, FACILITATOR_NO_LOGIN_POST
    ),
    "course:programme_speaker_remind": Entry(course_slug, POST_ONLY, FACILITATOR_NO_LOGIN_POST),
    "course:programme_speaker_link": Entry(
        lambda w: {"slug": w.course.slug, "pk": w.speaker.pk}, POST_ONLY, FACILITATOR_NO_LOGIN_POST
    ),
    "course:programme_editor": Entry(course_slug, FACILITATOR_NO_LOGIN_PAGE),
    "course:programme_session_create": Entry(course_slug, FACILITATOR_NO_LOGIN_PAGE, FACILITATOR_NO_LOGIN_POST),
    "course:programme_session_edit": Entry(session, FACILITATOR_NO_LOGIN_PAGE, FACILITATOR_NO_LOGIN_POST),
    "course:programme_session_nudge": Entry(session, POST_ONLY, FACILITATOR_NO_LOGIN_POST),
    "course:programme_session_move": Entry(session, POST_ONLY, FACILITATOR_NO_LOGIN_POST),
    "course:programme_session_remove": Entry(session, POST_ONLY, FACILITATOR_NO_LOGIN_POST),
    "course:programme_publish": Entry(course_slug, FACILITATOR_NO_LOGIN_PAGE, FACILITATOR_NO_LOGIN_POST),
    "course:programme_setup": Entry(course_slug, FACILITATOR_NO_LOGIN_PAGE),
    "course:programme_setup_create": Entry(
        lambda w: {"slug": w.course.slug, "kind": "speaker"}, POST_ONLY, FACILITATOR_NO_LOGIN_POST
    ),
    "course:programme_setup_edit": Entry(
        lambda w: {"slug": w.course.slug, "kind": "speaker", "pk": w.speaker.pk},
        FACILITATOR_NO_LOGIN_PAGE,
        FACILITATOR_NO_LOGIN_POST,
    ),
    # --- participants: review and selection ---
    "participants:review_queue": Entry(no_kwargs, row(L, N, N, N, OK, OK, N, N, N)),
    "participants:review_application": Entry(
        lambda w: {"application_pk": w.application.pk},
        row(L, N, N, N, OK, N, N, N, N),
        row(L, N, N, N, None, N, N, N, N),
    ),
    "participants:review_conflict": Entry(
        lambda w: {"application_pk": w.application.pk}, LOGIN_THEN_POST_ONLY, row(L, N, N, N, None, N, N, N, N)
    ),
    # Its reviewers once they reviewed it (the world's reviewer has not: 404) and the course team.
    "participants:review_discussion": Entry(
        lambda w: {"application_pk": w.application.pk}, LOGIN_THEN_POST_ONLY, row(L, N, N, N, N, N, N, N, None)
    ),
    "participants:review_progress": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:group_mail": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:confirm_attendance": Entry(application, row(L, OK, OK, N, N, N, N, N, N), APPLICANTS_POST),
    "participants:selection_board": Entry(selection_slug, FACILITATOR_PAGE),
    "participants:review_settings": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:review_assignments": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:selection_application": Entry(
        lambda w: {"course_slug": w.course.slug, "pk": w.application.pk}, FACILITATOR_PAGE
    ),
    "participants:selection_stage": Entry(
        lambda w: {"course_slug": w.course.slug, "pk": w.application.pk}, LOGIN_THEN_POST_ONLY, FACILITATOR_POST
    ),
    "participants:selection_release": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:selection_emails": Entry(selection_slug, FACILITATOR_PAGE),
    "participants:selection_email_edit": Entry(
        lambda w: {"course_slug": w.course.slug, "kind": "accepted"}, FACILITATOR_PAGE, FACILITATOR_POST
    ),
    "participants:selection_outbox": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:selection_audit": Entry(selection_slug, FACILITATOR_PAGE),
    "participants:selection_cohort": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:export_applications": Entry(selection_slug, FACILITATOR_PAGE),
    "participants:export_cohort": Entry(selection_slug, FACILITATOR_PAGE),
    "participants:export_applications_json": Entry(selection_slug, FACILITATOR_PAGE),
    # --- participants: the course team's own call (issue 14) ---
    "participants:call_new_edition": Entry(no_kwargs, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:call_setup": Entry(selection_slug, FACILITATOR_PAGE),
    "participants:call_edition": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:call_toggle": Entry(selection_slug, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "participants:call_copy": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:call_question_add": Entry(
        lambda w: {"course_slug": w.course.slug, "purpose": "application"}, FACILITATOR_PAGE, FACILITATOR_POST
    ),
    "participants:call_question_edit": Entry(question, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:call_question_action": Entry(
        lambda w: {**question(w), "action": "retire"}, LOGIN_THEN_POST_ONLY, FACILITATOR_POST
    ),
    "participants:call_late_codes": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:call_late_code_revoke": Entry(
        lambda w: {"course_slug": w.course.slug, "pk": w.late_code.pk}, LOGIN_THEN_POST_ONLY, FACILITATOR_POST
    ),
    "participants:call_followup_add": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:call_followup": Entry(followup, FACILITATOR_PAGE, FACILITATOR_POST),
    "participants:call_followup_question_add": Entry(followup, FACILITATOR_PAGE, FACILITATOR_POST),
    # A referee's letter: the course team only (the world's referee has not written one yet: 404 for all).
    "participants:download_letter": Entry(
        lambda w: {"course_slug": w.course.slug, "pk": w.referee.pk}, row(L, N, N, N, N, N, N, N, N)
    ),
    # The emailed link is the credential (no account); an empty post shows the form again.
    "participants:referee": Entry(lambda w: {"token": w.referee_token}, everyone(OK), everyone(OK)),
    "participants:followups": Entry(no_kwargs, row(L, OK, OK, OK, OK, OK, OK, OK, OK)),
    # Open only to members of a confirmed pair: nobody in the world is one.
    "participants:followup_fill": Entry(
        lambda w: {"form_pk": w.followup_form.pk}, row(L, N, N, N, N, N, N, N, N), row(L, N, N, N, N, N, N, N, N)
    ),
    "participants:prepare": Entry(lambda w: {"course_slug": w.course.slug}, everyone(OK)),
    # --- participants: the applicant's journey ---
    "participants:dashboard": Entry(no_kwargs, row(L, OK, OK, OK, OK, OK, OK, OK, OK)),
    # The emailed link is the credential; accepting it needs the invited, verified address (refused: 200 + error).
    "participants:invitation": Entry(lambda w: {"token": w.pending_token}, everyone(OK), everyone(OK)),
    "participants:application": Entry(application, row(L, OK, OK, N, N, N, N, N, N)),
    "participants:save_section": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:save_joint_statement": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:upload_cv": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:download_cv": Entry(
        lambda w: {"pk": w.application.pk, "member_pk": w.member("applicant").pk},
        row(L, OK, OK, N, OK, N, N, N, OK),  # the assigned reviewer too (not in blind review without CVs)
    ),
    "participants:invite": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:resend_invitation": Entry(
        lambda w: {"pk": w.application.pk, "invitation_pk": w.invitation.pk}, POST_ONLY, APPLICANTS_POST
    ),
    "participants:cancel_invitation": Entry(
        lambda w: {"pk": w.application.pk, "invitation_pk": w.invitation.pk}, POST_ONLY, APPLICANTS_POST
    ),
    "participants:submit": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:withdraw": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:save_answers": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:upload_document": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:download_document": Entry(
        lambda w: {"pk": w.application.pk, "answer_pk": w.document_answer.pk}, row(L, OK, OK, N, N, N, N, N, OK)
    ),
    "participants:request_referee": Entry(application, POST_ONLY, APPLICANTS_POST),
    "participants:cancel_referee": Entry(
        lambda w: {"pk": w.other_application.pk, "referee_pk": w.referee.pk},
        POST_ONLY,
        row(L, N, N, None, N, N, N, N, N),
    ),
    # Anyone with a verified address may start an application; members of one are sent back to it.
    "participants:start": Entry(
        lambda w: {"course_slug": w.course.slug},
        row(L, R, R, R, OK, OK, OK, OK, OK),
        row(L, None, None, None, None, None, None, None, None),
    ),
    # --- simulations: facilitator ---
    "simulations:my_runs": Entry(no_kwargs, row(L, OK, OK, OK, OK, OK, OK, OK, OK)),
    "simulations:run_list": Entry(no_kwargs, FACILITATOR_PAGE, FACILITATOR_POST),
    "simulations:run_detail": Entry(run, FACILITATOR_PAGE),
    "simulations:run_status": Entry(run, FACILITATOR_PAGE),
    "simulations:run_control": Entry(run, POST_ONLY, FACILITATOR_POST),
    "simulations:run_plan": Entry(run, POST_ONLY, FACILITATOR_POST),
    "simulations:run_seats_auto": Entry(run, POST_ONLY, FACILITATOR_POST),
    "simulations:run_seat_assign": Entry(run, POST_ONLY, FACILITATOR_POST),
    # --- simulations: the room and the negotiation ---
    "simulations:room": Entry(run, DELEGATES_PAGE),
    "simulations:room_updates": Entry(run, DELEGATES_PAGE),
    "simulations:room_low_data": Entry(run, POST_ONLY, DELEGATES_POST),
    # Served by the push process (config.asgi); under WSGI a bare 404 for everyone. The stream's own owner
    # check: tests/security/test_room_stream.py and tests/integration/test_room_push.py.
    "simulations:room_stream": Entry(run, everyone(N)),
    "simulations:brief": Entry(lambda w: {"run_id": w.run.pk, "delegation_key": "a"}, row(L, N, N, N, N, N, OK, N, N)),
    "simulations:negotiate_statement": Entry(run, POST_ONLY, DELEGATES_POST),
    "simulations:negotiate_caucus": Entry(run, POST_ONLY, DELEGATES_POST),
    "simulations:negotiate_floor": Entry(run, POST_ONLY, DELEGATES_POST),
    "simulations:negotiate_package": Entry(run, POST_ONLY, DELEGATES_POST),
    "simulations:negotiate_preview": Entry(run, POST_ONLY, DELEGATES_POST),
    "simulations:negotiate_support": Entry(
        lambda w: {"run_id": w.run.pk, "proposal_id": w.proposal.pk}, POST_ONLY, DELEGATES_POST
    ),
    "simulations:negotiate_vote": Entry(
        lambda w: {"run_id": w.run.pk, "proposal_id": w.proposal.pk}, POST_ONLY, DELEGATES_POST
    ),
    "simulations:negotiate_estimate": Entry(lambda w: {"run_id": w.run.pk, "target": "b"}, POST_ONLY, DELEGATES_POST),
    "simulations:negotiate_improvement_vote": Entry(
        lambda w: {"run_id": w.run.pk, "number": 1}, POST_ONLY, DELEGATES_POST
    ),
    # --- simulations: console, debrief, exports ---
    "simulations:console_home": Entry(no_kwargs, row(L, N, N, N, N, N, N, N, R)),
    "simulations:console": Entry(lambda w: {"course_id": w.course.pk}, FACILITATOR_PAGE),
    "simulations:console_announce": Entry(lambda w: {"course_id": w.course.pk}, POST_ONLY, FACILITATOR_POST),
    "simulations:console_inject": Entry(lambda w: {"course_id": w.course.pk}, POST_ONLY, FACILITATOR_POST),
    "simulations:debrief": Entry(lambda w: {"run_id": w.finished_run.pk}, row(L, N, N, N, N, N, OK, OK, OK)),
    "simulations:replay": Entry(lambda w: {"run_id": w.finished_run.pk}, row(L, N, N, N, N, N, OK, OK, OK)),
    "simulations:export": Entry(
        lambda w: {"run_id": w.finished_run.pk, "kind": "results", "fmt": "json"}, FACILITATOR_PAGE
    ),
    # --- evaluation: participants ---
    "evaluation:home": Entry(no_kwargs, row(L, OK, OK, OK, OK, OK, OK, OK, OK)),
    "evaluation:answer": Entry(lambda w: {"instrument_id": w.evaluation.instrument.pk}, DELEGATES_PAGE, DELEGATES_POST),
    "evaluation:consent": Entry(lambda w: {"course_slug": w.course.slug}, DELEGATES_PAGE, DELEGATES_POST),
    "evaluation:follow_up": Entry(
        lambda w: {"request_id": w.evaluation.follow_up.pk},
        row(L, N, N, N, N, N, OK, N, N),
        row(L, N, N, N, N, N, None, N, N),
    ),
    "evaluation:follow_up_decline": Entry(
        lambda w: {"request_id": w.evaluation.follow_up.pk}, POST_ONLY, row(L, N, N, N, N, N, None, N, N)
    ),
    "evaluation:session_feedback": Entry(lambda w: {"session_id": w.session.pk}, DELEGATES_PAGE, DELEGATES_POST),
    # The secret link is the credential: a speaker has no account.
    "evaluation:speaker_feedback": Entry(lambda w: {"token": w.evaluation.speaker_token}, everyone(OK)),
    # --- evaluation: the course team ---
    "evaluation:compare": Entry(no_kwargs, FACILITATOR_PAGE),
    "evaluation:instruments": Entry(selection_slug, FACILITATOR_PAGE),
    "evaluation:add_defaults": Entry(selection_slug, POST_ONLY, FACILITATOR_POST),
    "evaluation:instrument_create": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "evaluation:instrument_edit": Entry(evaluation_instrument, FACILITATOR_PAGE, FACILITATOR_POST),
    "evaluation:question_add": Entry(evaluation_instrument, POST_ONLY, FACILITATOR_POST),
    "evaluation:question_delete": Entry(
        lambda w: {**evaluation_instrument(w), "question_id": w.evaluation.instrument.questions.first().pk},
        POST_ONLY,
        FACILITATOR_POST,
    ),
    "evaluation:missing": Entry(evaluation_instrument, FACILITATOR_PAGE),
    "evaluation:sessions": Entry(selection_slug, FACILITATOR_PAGE),
    "evaluation:session_detail": Entry(
        lambda w: {"course_slug": w.course.slug, "session_id": w.session.pk}, FACILITATOR_PAGE, FACILITATOR_POST
    ),
    "evaluation:waves": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "evaluation:wave_detail": Entry(evaluation_wave, FACILITATOR_PAGE),
    "evaluation:success_case": Entry(
        lambda w: {**evaluation_wave(w), "pair_id": w.evaluation.pair.pk}, POST_ONLY, FACILITATOR_POST
    ),
    "evaluation:report": Entry(selection_slug, FACILITATOR_PAGE),
    "evaluation:report_export": Entry(lambda w: {"course_slug": w.course.slug, "fmt": "json"}, FACILITATOR_PAGE),
    # --- logistics: the public verification page ---
    "logistics:verify": Entry(no_kwargs, everyone(OK)),
    "logistics:verify_code": Entry(lambda w: {"code": w.document.code}, everyone(OK)),
    # --- logistics: private files, the course team and the participant concerned ---
    "logistics:download_document": Entry(lambda w: {"doc_pk": w.document.pk}, row(L, N, N, N, N, N, OK, N, OK)),
    "logistics:download_receipt": Entry(lambda w: {"claim_pk": w.claim.pk}, row(L, N, N, N, N, N, OK, N, OK)),
    # --- logistics: a participant's own travel page (each delegate sees their own) ---
    "logistics:mine": Entry(selection_slug, DELEGATES_PAGE),
    "logistics:mine_passport": Entry(selection_slug, LOGIN_THEN_POST_ONLY, DELEGATES_POST),
    "logistics:mine_itinerary": Entry(selection_slug, LOGIN_THEN_POST_ONLY, DELEGATES_POST),
    "logistics:mine_claim": Entry(selection_slug, LOGIN_THEN_POST_ONLY, DELEGATES_POST),
    "logistics:check_in": Entry(selection_slug, DELEGATES_PAGE, DELEGATES_POST),
    # --- logistics: the course team ---
    "logistics:overview": Entry(selection_slug, FACILITATOR_PAGE),
    "logistics:setup": Entry(selection_slug, FACILITATOR_PAGE, FACILITATOR_POST),
    "logistics:traveller": Entry(traveller, FACILITATOR_PAGE),
    "logistics:set_visa": Entry(traveller, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "logistics:save_passport": Entry(traveller, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "logistics:save_itinerary": Entry(traveller, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "logistics:set_cover": Entry(traveller, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "logistics:add_claim": Entry(traveller, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "logistics:issue_letter": Entry(traveller, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "logistics:decide_claim": Entry(
        lambda w: {"course_slug": w.course.slug, "claim_pk": w.claim.pk}, LOGIN_THEN_POST_ONLY, FACILITATOR_POST
    ),
    "logistics:costs": Entry(selection_slug, FACILITATOR_PAGE),
    "logistics:costs_export": Entry(selection_slug, FACILITATOR_PAGE),
    "logistics:documents": Entry(selection_slug, FACILITATOR_PAGE),
    "logistics:start_batch": Entry(selection_slug, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
    "logistics:job_progress": Entry(lambda w: {"course_slug": w.course.slug, "job_pk": w.job.pk}, FACILITATOR_PAGE),
    "logistics:revoke": Entry(
        lambda w: {"course_slug": w.course.slug, "doc_pk": w.document.pk}, LOGIN_THEN_POST_ONLY, FACILITATOR_POST
    ),
    "logistics:attendance": Entry(selection_slug, FACILITATOR_PAGE),
    "logistics:tick_list": Entry(attendance_session, FACILITATOR_PAGE, FACILITATOR_POST),
    "logistics:room_code": Entry(attendance_session, LOGIN_THEN_POST_ONLY, FACILITATOR_POST),
}

# Patterns that exist only with a setting on (bench/load.py's bare view): no entry needed when absent.
OPTIONAL = {"bench_ok"}
BLANKET_NAMESPACES = ("admin",)
ALLAUTH_PREFIX = "accounts/"


def project_patterns():
    return [
        p for p in all_patterns() if p.namespace not in BLANKET_NAMESPACES and not p.route.startswith(ALLAUTH_PREFIX)
    ]


def test_every_pattern_has_an_entry():
    names = {p.name for p in project_patterns()}
    missing = sorted(names - set(MATRIX) - OPTIONAL)
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"
    assert not stale, f"Rows in the permission matrix for URL patterns that no longer exist: {stale}"


def test_every_row_names_every_kind_of_user():
    for name, entry in MATRIX.items():
        assert set(entry.get) == set(KINDS), name
        assert entry.post is None or set(entry.post) == set(KINDS), name


def url_of(name, kwargs):
    """Named patterns are reversed; an unnamed one is keyed by its route, which is then its path."""
    if ":" not in name and name not in URL_NAMES_WITHOUT_NAMESPACE:
        return "/" + name
    return reverse(name, kwargs=kwargs)


URL_NAMES_WITHOUT_NAMESPACE = {"bench_ok", "set_language"}


def _check(world, name, method):
    entry = MATRIX[name]
    url = url_of(name, entry.kwargs(world))
    expected = entry.get if method == "get" else entry.post
    before = fingerprint() if entry.post is not None else None
    wrong = {}
    for kind in KINDS:
        if expected[kind] is None:
            continue
        response = getattr(world.clients[kind], method)(url)
        got = outcome(response)
        if got != expected[kind]:
            wrong[kind] = f"expected {expected[kind]}, got {got}"
    assert not wrong, f"{method.upper()} {url} ({name}): {wrong}"
    if before is not None:
        assert fingerprint() == before, f"{method.upper()} {url} ({name}) by a refused user changed data"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_matches_matrix(world, name):
    _check(world, name, "get")


@pytest.mark.parametrize("name", sorted(n for n, e in MATRIX.items() if e.post is not None))
def test_refused_post_changes_nothing(world, name):
    _check(world, name, "post")


# --- Blanket expectations: Django's admin and allauth -----------------------------------------------------


def _admin_patterns():
    return [p for p in all_patterns() if p.namespace == "admin"]


def test_admin_is_closed_to_everyone_without_staff_status(world):
    """Nobody of the matrix is staff: every admin URL sends them to the admin's login page. (Three kinds stand
    for all: staff status is the only thing the admin asks, and none of the nine has it.)"""
    wrong = {}
    for pattern in _admin_patterns():
        path = concrete_path(pattern.route)
        for kind in ("anonymous", "applicant", "facilitator"):
            got = outcome(world.clients[kind].get(path))
            if pattern.name == "admin:login":
                expected = OK
            elif pattern.name == "admin:logout":
                expected = REDIRECT  # to the admin's index, which then asks for a login
            else:
                expected = ADMIN_LOGIN
            if got != expected:
                wrong[f"{path} {kind}"] = f"expected {expected}, got {got}"
    assert not wrong, wrong


def test_admin_opens_for_staff(world, admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    assert admin_client.get(reverse("admin:participants_application_changelist")).status_code == 200


def test_allauth_pages_answer_everyone_without_error(world):
    """allauth's pages are public (login, signup, reset) or send the visitor on; none fails or leaks a 403."""
    wrong = {}
    for pattern in all_patterns():
        if not pattern.route.startswith(ALLAUTH_PREFIX):
            continue
        path = concrete_path(pattern.route)
        for kind in ("anonymous", "applicant", "facilitator"):
            got = outcome(world.clients[kind].get(path))
            if got not in (OK, LOGIN, REDIRECT, NOT_FOUND, NOT_ALLOWED):
                wrong[f"{path} {kind}"] = got
    assert not wrong, wrong


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_login_never_redirects_off_site(target):

    user = UserFactory(email="next@sec.example")
    client = Client()

    response = client.post(
        reverse("account_login") + f"?next={target}", {"login": user.email, "password": "pw-accord-test"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
