"""Fuzzing every form and htmx endpoint with hypothesis: whatever is posted, never a 500, never a NUL stored
(PostgreSQL refuses NUL in text, so a stored NUL is a 500 there), never markup the CSP would block. Unusual
Unicode (right-to-left override, emoji, zero-width joiner) and markup are stored intact and shown escaped.

Fields come from the rendered page itself: each target names the page whose form posts to it, so a field
added to a form is fuzzed without touching this file."""

import os
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.models import ApplicationMember
from simulations.domain import engine
from simulations.domain.console import post_announcement
from simulations.models import FloorMessage, Run, Statement
from tests.security.csp import csp_problems, is_html
from tests.security.forms_html import form_posting_to
from tests.security.helpers import FINGERPRINTED_APPS

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
PAYLOAD = "<script>alert(1)</script>\u202e👩🏽\u200d🔬\u200dx"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;\u202e👩🏽\u200d🔬\u200dx"

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e",
    "\u200d",
    "\u200b",
    "\ufeff",
    "👩🏽\u200d🔬",
    PAYLOAD,
    "{{ 7|add:7 }}{% debug %}",
    "{{ confirm_url",
    "' OR 1=1 --",
    "-1",
    "0",
    "9" * 400,
    "1e309",
    "NaN",
    "-inf",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31T23:59",
    "24:61",
    "1.5",
    "[]",
    '{"a": 1}',
    "../../etc/passwd",
    "x\r\nSet-Cookie: a=b",
    "٣٤",
    "all",
    "run-999999999999999999999",
    "delegation-1-a",
]
SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
LONG_TEXT = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "👩🏽\u200d🔬", "\u202ex ", "word "]),
    st.integers(500, 6000),
)
WITH_NUL = st.builds(lambda a, b: a + "\x00" + b, SAFE_TEXT, SAFE_TEXT)
FUZZ = st.one_of(st.sampled_from(NASTY), SAFE_TEXT, LONG_TEXT, WITH_NUL)
FILES = st.builds(
    lambda prefix, body: prefix + body, st.sampled_from([b"", b"%PDF-1.4\n", b"<svg>"]), st.binary(max_size=300)
)
OMIT = object()
FILE_FIELDS = {"cv", "document", "letter", "receipt"}


@dataclass
class Target:
    name: str  # the endpoint's URL name
    kind: str  # who posts
    kwargs: object  # world -> URL kwargs
    page: object = None  # world -> URL of the page whose form posts here (None: no form, only ``extra``)
    extra: tuple = ()  # fields posted even when the page shows none
    round: int = 0  # the running table is moved to this round first (the room shows that round's tools)


def _app(w):
    return {"pk": w.other_application.pk}


def _app_page(w):
    return reverse("participants:application", args=[w.other_application.pk])


def _run(w):
    return {"run_id": w.run.pk}


def _room(w):
    return reverse("simulations:room", args=[w.run.pk])


def _run_page(w):
    return reverse("simulations:run_detail", args=[w.run.pk])


def _selection(w):
    return {"course_slug": w.course.slug}


def _session(w):
    return {"slug": w.course.slug, "pk": w.session.pk}


def _editor(w):
    return reverse("course:programme_editor", args=[w.course.slug])


def _instrument(w):
    return {"instrument_id": w.evaluation.instrument.pk}


def _team_instrument(w):
    return {"course_slug": w.course.slug, "pk": w.evaluation.instrument.pk}


def _course(w):
    return {"course_slug": w.course.slug}


def _follow_up(w):
    return {"request_id": w.evaluation.follow_up.pk}


def _session_id(w):
    return {"session_id": w.session.pk}


def _course_slug(w):
    return {"slug": w.course.slug}


def _speaker_area(w):
    return reverse("course:speaker_area", args=[w.course.slug])


def _speaker_status(w):
    return reverse("course:programme_speaker_status", args=[w.course.slug])


def _same(name, kwargs):
    return lambda w: reverse(name, kwargs=kwargs(w))


TARGETS = [
    # The applicant's journey (the other applicant's draft, still editable).
    Target("participants:save_section", "other_applicant", _app, _app_page),
    Target("participants:save_joint_statement", "other_applicant", _app, _app_page),
    Target("participants:upload_cv", "other_applicant", _app, _app_page, extra=("cv",)),
    Target("participants:invite", "other_applicant", _app, _app_page, extra=("email",)),
    Target(
        "participants:resend_invitation",
        "other_applicant",
        lambda w: {"pk": w.other_application.pk, "invitation_pk": w.pending_invitation.pk},
    ),
    Target(
        "participants:cancel_invitation",
        "other_applicant",
        lambda w: {"pk": w.other_application.pk, "invitation_pk": w.pending_invitation.pk},
    ),
    Target("participants:submit", "other_applicant", _app, _app_page, extra=("late_code",)),
    Target("participants:withdraw", "other_applicant", _app),
    Target(
        "participants:invitation",
        "applicant",
        lambda w: {"token": w.pending_token},
        lambda w: reverse("participants:invitation", args=[w.pending_token]),
        extra=("role",),
    ),
    Target(
        "participants:start",
        "assigned_reviewer",
        lambda w: {"course_slug": w.course.slug},
        lambda w: reverse("participants:start", args=[w.course.slug]),
        extra=("role",),
    ),
    Target("participants:confirm_attendance", "applicant", lambda w: {"pk": w.application.pk}, extra=("answer",)),
    # The course team's own questions, documents and referees (issue 14): the generated forms.
    Target("participants:save_answers", "other_applicant", _app, _app_page),
    Target("participants:upload_document", "other_applicant", _app, _app_page, extra=("document", "question")),
    Target("participants:request_referee", "other_applicant", _app, _app_page, extra=("name", "email")),
    Target(
        "participants:cancel_referee",
        "other_applicant",
        lambda w: {"pk": w.other_application.pk, "referee_pk": w.referee.pk},
    ),
    Target(
        "participants:referee",
        "anonymous",
        lambda w: {"token": w.referee_token},
        lambda w: reverse("participants:referee", args=[w.referee_token]),
        extra=("statement", "relationship", "letter"),
    ),
    # The builder.
    Target("participants:call_edition", "facilitator", _selection, _same("participants:call_edition", _selection)),
    Target(
        "participants:call_new_edition", "facilitator", lambda w: {}, lambda w: reverse("participants:call_new_edition")
    ),
    *[
        Target(
            "participants:call_question_add",
            "facilitator",
            lambda w, purpose=purpose: {"course_slug": w.course.slug, "purpose": purpose},
            _same(
                "participants:call_question_add",
                lambda w, purpose=purpose: {"course_slug": w.course.slug, "purpose": purpose},
            ),
        )
        for purpose in ("application", "eligibility")
    ],
    Target(
        "participants:call_question_edit",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "pk": w.question.pk},
        _same("participants:call_question_edit", lambda w: {"course_slug": w.course.slug, "pk": w.question.pk}),
    ),
    Target(
        "participants:call_question_action",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "pk": w.question.pk, "action": "up"},
    ),
    Target("participants:call_toggle", "facilitator", _selection, extra=("action",)),
    Target(
        "participants:call_late_codes", "facilitator", _selection, _same("participants:call_late_codes", _selection)
    ),
    Target("participants:call_copy", "facilitator", _selection, _same("participants:call_copy", _selection)),
    Target(
        "participants:call_followup_add",
        "facilitator",
        _selection,
        _same("participants:call_followup_add", _selection),
    ),
    Target(
        "participants:call_followup",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "pk": w.followup_form.pk},
        _same("participants:call_followup", lambda w: {"course_slug": w.course.slug, "pk": w.followup_form.pk}),
    ),
    Target(
        "participants:call_followup_question_add",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "pk": w.followup_form.pk},
        _same(
            "participants:call_followup_question_add",
            lambda w: {"course_slug": w.course.slug, "pk": w.followup_form.pk},
        ),
    ),
    # Review and selection.
    Target(
        "participants:review_application",
        "assigned_reviewer",
        lambda w: {"application_pk": w.application.pk},
        _same("participants:review_application", lambda w: {"application_pk": w.application.pk}),
    ),
    Target(
        "participants:review_conflict",
        "assigned_reviewer",
        lambda w: {"application_pk": w.application.pk},
        _same("participants:review_application", lambda w: {"application_pk": w.application.pk}),
        extra=("reason",),
    ),
    Target(
        "participants:selection_stage",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "pk": w.application.pk},
        _same("participants:selection_board", _selection),
        extra=("outcome", "waitlist_position", "flag"),
    ),
    Target(
        "participants:review_settings",
        "facilitator",
        _selection,
        _same("participants:review_settings", _selection),
    ),
    Target(
        "participants:review_assignments",
        "facilitator",
        _selection,
        _same("participants:review_assignments", _selection),
        extra=("action", "application", "reviewer"),
    ),
    Target(
        "participants:selection_email_edit",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "kind": "accepted"},
        _same("participants:selection_email_edit", lambda w: {"course_slug": w.course.slug, "kind": "accepted"}),
    ),
    Target(
        "participants:review_progress",
        "facilitator",
        _selection,
        _same("participants:review_progress", _selection),
        extra=("reviewer",),
    ),
    Target(
        "participants:group_mail",
        "facilitator",
        _selection,
        _same("participants:group_mail", _selection),
        extra=("action",),
    ),
    Target(
        "participants:review_discussion",
        "facilitator",
        lambda w: {"application_pk": w.application.pk},
        _same("participants:selection_application", lambda w: {"course_slug": w.course.slug, "pk": w.application.pk}),
    ),
    Target("participants:selection_release", "facilitator", _selection),
    Target("participants:selection_outbox", "facilitator", _selection),
    Target("participants:selection_cohort", "facilitator", _selection),
    # The programme editor and the agenda.
    Target(
        "course:programme_session_create",
        "facilitator",
        lambda w: {"slug": w.course.slug},
        _same("course:programme_session_create", lambda w: {"slug": w.course.slug}),
    ),
    Target("course:programme_session_edit", "facilitator", _session, _same("course:programme_session_edit", _session)),
    Target("course:programme_session_nudge", "facilitator", _session, _editor, extra=("action",)),
    Target("course:programme_session_move", "facilitator", _session, _editor, extra=("day", "start", "room")),
    Target("course:programme_session_remove", "facilitator", _session, _editor),
    Target(
        "course:programme_publish",
        "facilitator",
        lambda w: {"slug": w.course.slug},
        _same("course:programme_publish", lambda w: {"slug": w.course.slug}),
        extra=("title", "acknowledged", "acknowledge_all", "seen"),
    ),
    # The speaker area (the partner speaks at the edition) and the team's view of the speakers.
    Target("course:speaker_answer", "partner", _session, _speaker_area, extra=("state", "note")),
    Target("course:speaker_upload", "partner", _session, _speaker_area, extra=("file", "kind", "visibility")),
    Target("course:speaker_availability", "partner", _course_slug, _speaker_area),
    Target("course:speaker_profile", "partner", _course_slug, _speaker_area, extra=("photo", "timezone_name")),
    Target("course:speaker_sign_in", "applicant", lambda w: {"token": w.speaker_token}),
    Target("course:programme_speaker_remind", "facilitator", _course_slug, _speaker_status),
    Target(
        "course:programme_speaker_link",
        "facilitator",
        lambda w: {"slug": w.course.slug, "pk": w.speaker.pk},
        _speaker_status,
    ),
    Target("course:week_pack", "delegate_a", _course_slug, _same("course:agenda", _course_slug)),
    Target(
        "course:programme_session_materials",
        "facilitator",
        _session,
        _same("course:programme_session_edit", _session),
        extra=("file", "kind", "visibility"),
    ),
    *[
        Target(
            "course:programme_setup_create",
            "facilitator",
            lambda w, kind=kind: {"slug": w.course.slug, "kind": kind},
            _same("course:programme_setup", lambda w: {"slug": w.course.slug}),
        )
        for kind in ("room", "speaker", "group")
    ],
    Target(
        "course:programme_setup_edit",
        "facilitator",
        lambda w: {"slug": w.course.slug, "kind": "speaker", "pk": w.speaker.pk},
        _same("course:programme_setup_edit", lambda w: {"slug": w.course.slug, "kind": "speaker", "pk": w.speaker.pk}),
    ),
    Target("course:agenda_feed_reset", "delegate_a", lambda w: {"slug": w.course.slug}),
    # Runs, seen by the facilitator.
    Target("simulations:run_list", "facilitator", lambda w: {}, lambda w: reverse("simulations:run_list")),
    Target("simulations:run_control", "facilitator", _run, _run_page, extra=("action", "minutes")),
    Target(
        "simulations:run_plan",
        "facilitator",
        lambda w: {"run_id": w.draft_run.pk},
        lambda w: reverse("simulations:run_detail", args=[w.draft_run.pk]),
        extra=("rounds-TOTAL_FORMS", "rounds-INITIAL_FORMS", "rounds-0-minutes", "rounds-0-title"),
    ),
    Target("simulations:run_seats_auto", "facilitator", lambda w: {"run_id": w.draft_run.pk}),
    Target("simulations:run_seat_assign", "facilitator", _run, _run_page, extra=("pair", "delegation")),
    Target(
        "simulations:console_announce",
        "facilitator",
        lambda w: {"course_id": w.course.pk},
        lambda w: reverse("simulations:console", args=[w.course.pk]),
        extra=("target", "text"),
    ),
    Target(
        "simulations:console_inject",
        "facilitator",
        lambda w: {"course_id": w.course.pk},
        lambda w: reverse("simulations:console", args=[w.course.pk]),
        extra=("run", "title", "body", "in_minutes"),
    ),
    # The negotiation, in the round whose tools post there.
    Target("simulations:negotiate_statement", "delegate_a", _run, _room, extra=("text", "delegation"), round=1),
    Target("simulations:negotiate_caucus", "delegate_a", _run, _room, extra=("text", "delegation"), round=2),
    Target("simulations:negotiate_floor", "delegate_a", _run, _room, extra=("text", "delegation"), round=3),
    Target(
        "simulations:negotiate_package",
        "delegate_a",
        _run,
        _room,
        extra=("issue-x", "issue-y", "rationale", "amends", "delegation"),
        round=3,
    ),
    Target("simulations:negotiate_preview", "delegate_a", _run, _room, extra=("issue-x", "issue-y"), round=3),
    Target(
        "simulations:negotiate_support",
        "delegate_b",
        lambda w: {"run_id": w.run.pk, "proposal_id": w.proposal.pk},
        _room,
        extra=("delegation",),
        round=3,
    ),
    Target(
        "simulations:negotiate_vote",
        "delegate_b",
        lambda w: {"run_id": w.run.pk, "proposal_id": w.proposal.pk},
        _room,
        extra=("choice", "delegation"),
        round=4,
    ),
    # The evaluation: answering (every question type), consent, follow-up, session feedback.
    Target("evaluation:answer", "delegate_a", _instrument, _same("evaluation:answer", _instrument)),
    Target("evaluation:consent", "delegate_a", _course, _same("evaluation:consent", _course), extra=("action",)),
    Target("evaluation:follow_up", "delegate_a", _follow_up, _same("evaluation:follow_up", _follow_up)),
    Target("evaluation:follow_up_decline", "delegate_b", _follow_up),
    Target("evaluation:session_feedback", "delegate_a", _session_id, extra=("q1", "q2")),
    # The evaluation: the course team's builder, waves, success cases and session moderation.
    Target(
        "evaluation:instrument_create",
        "facilitator",
        _course,
        _same("evaluation:instrument_create", _course),
    ),
    Target(
        "evaluation:instrument_edit",
        "facilitator",
        _team_instrument,
        _same("evaluation:instrument_edit", _team_instrument),
    ),
    Target(
        "evaluation:question_add",
        "facilitator",
        _team_instrument,
        _same("evaluation:instrument_edit", _team_instrument),
    ),
    Target("evaluation:waves", "facilitator", _course, _same("evaluation:waves", _course), extra=("action",)),
    Target(
        "evaluation:success_case",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "wave_id": w.evaluation.wave.pk, "pair_id": w.evaluation.pair.pk},
        extra=("marked_for_interview", "notes"),
    ),
    Target(
        "evaluation:session_detail",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "session_id": w.session.pk},
        extra=("action", "text", "comment"),
    ),
]


# Logistics: the course team's forms on a traveller's page, the participant's own forms, batches, attendance.
def _traveller(w):
    return {"course_slug": w.course.slug, "pk": w.traveller.pk}


def _traveller_page(w):
    return reverse("logistics:traveller", kwargs=_traveller(w))


def _mine(w):
    return reverse("logistics:mine", args=[w.course.slug])


def _tick(w):
    return {"course_slug": w.course.slug, "session_pk": w.session.pk}


TARGETS += [
    Target("logistics:setup", "facilitator", _selection, _same("logistics:setup", _selection)),
    Target("logistics:set_visa", "facilitator", _traveller, _traveller_page, extra=("status", "appointment_on")),
    Target("logistics:save_passport", "facilitator", _traveller, _traveller_page),
    Target("logistics:save_itinerary", "facilitator", _traveller, _traveller_page),
    Target("logistics:set_cover", "facilitator", _traveller, _traveller_page),
    Target("logistics:add_claim", "facilitator", _traveller, _traveller_page, extra=("receipt",)),
    Target("logistics:issue_letter", "facilitator", _traveller, _traveller_page),
    Target(
        "logistics:decide_claim",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "claim_pk": w.claim.pk},
        _traveller_page,
        extra=("status", "approved_amount", "paid_amount", "payment_method", "paid_on", "version"),
    ),
    Target(
        "logistics:start_batch",
        "facilitator",
        _selection,
        _same("logistics:documents", _selection),
        extra=("kind",),
    ),
    Target(
        "logistics:revoke",
        "facilitator",
        lambda w: {"course_slug": w.course.slug, "doc_pk": w.document.pk},
        _traveller_page,
        extra=("reason",),
    ),
    Target(
        "logistics:tick_list",
        "facilitator",
        _tick,
        _same("logistics:tick_list", _tick),
        extra=("participant", "present"),
    ),
    Target("logistics:room_code", "facilitator", _tick, _same("logistics:tick_list", _tick), extra=("action",)),
    Target("logistics:mine_passport", "delegate_a", _selection, _mine),
    Target("logistics:mine_itinerary", "delegate_a", _selection, _mine),
    Target("logistics:mine_claim", "delegate_a", _selection, _mine, extra=("receipt",)),
    Target("logistics:check_in", "delegate_a", _selection, _mine, extra=("code",)),
]

# Pages whose query string is read: every parameter fuzzed.
GET_TARGETS = [
    ("course:programme", "anonymous", lambda w: {"slug": w.course.slug}, ("day", "track", "kind")),
    ("course:programme_editor", "facilitator", lambda w: {"slug": w.course.slug}, ("day", "view")),
    ("course:programme_print", "anonymous", lambda w: {"slug": w.course.slug}, ("day", "track")),
    ("course:programme_pdf", "anonymous", lambda w: {"slug": w.course.slug}, ("day", "track")),
    ("course:programme_session_create", "facilitator", lambda w: {"slug": w.course.slug}, ("day",)),
    (
        "participants:selection_board",
        "facilitator",
        _selection,
        (
            "country",
            "region",
            "cross_country",
            "flagged",
            "decision",
            "needs_discussion",
            "low_confidence",
            "answer",
            "sort",
            "page",
        ),
    ),
    ("simulations:room_updates", "delegate_a", _run, ("v",)),
    ("simulations:run_status", "facilitator", _run, ("v",)),
    ("evaluation:compare", "facilitator", lambda w: {}, ("a", "b")),
    ("evaluation:answer", "delegate_a", _instrument, ("run",)),
    ("logistics:costs", "facilitator", _selection, ("status",)),
    ("logistics:verify", "anonymous", lambda w: {}, ("code",)),
]

FUZZ_SETTINGS = settings(
    # 20 keeps the file well under 90 s; SECURITY_FUZZ_EXAMPLES=200 for a deeper run by hand.
    max_examples=int(os.environ.get("SECURITY_FUZZ_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def move_to_round(world, number):
    run = Run.objects.get(pk=world.run.pk)
    while number and run.current_round < number:
        run = engine.end_round_now(run)
    return run


def _fields(world, target):
    """What the page's form posts here (with its defaults and offered choices), plus the target's extras."""
    client = world.clients[target.kind]
    url = reverse(target.name, kwargs=target.kwargs(world))
    fields, choices, files = {}, {}, set()
    if target.page is not None:
        page_url = target.page(world)
        response = client.get(page_url)
        assert response.status_code == 200, page_url
        form = form_posting_to(response.content.decode(), page_url, url)
        if form is not None:
            fields, choices, files = dict(form.fields), form.choices, set(form.file_fields)
    for name in target.extra:
        if name in FILE_FIELDS:
            files.add(name)
        else:
            fields.setdefault(name, "")
    return url, fields, choices, files


def _value(default, offered):
    options = [st.just(default), FUZZ, st.just(OMIT)]
    if offered:
        options.insert(0, st.sampled_from(offered))
    return st.one_of(*options)


def _data(fields, choices, files):
    strategies = {name: _value(default, choices.get(name)) for name, default in fields.items()}
    strategies.update({name: st.one_of(FILES, st.just(OMIT)) for name in files})
    return st.fixed_dictionaries(strategies)


def _post_data(drawn):
    data = {}
    for name, value in drawn.items():
        if value is OMIT:
            continue
        data[name] = SimpleUploadedFile("cv.pdf", value, "application/pdf") if isinstance(value, bytes) else value
    return data


def stored_nul():
    """Every text value holding a NUL, in every model of our apps (PostgreSQL would have refused the row)."""
    found = []
    for app in FINGERPRINTED_APPS:
        for model in apps.get_app_config(app).get_models():
            names = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
            # Read back in Python: SQLite's LIKE stops at a NUL, so a database filter would match every row.
            for row in model.objects.values_list(*names) if names else []:
                found += [f"{model._meta.label}.{n}" for n, v in zip(names, row, strict=True) if v and "\x00" in v]
    return found


def _check(response, where):
    assert response.status_code < 500, where
    if is_html(response):
        problems = csp_problems(response.content.decode())
        assert not problems, f"{where}: {problems}"


def _target_id(target):
    kind = target.kwargs.__defaults__[0] if target.kwargs.__defaults__ else ""
    return f"{target.name}-{kind}" if kind else target.name


@pytest.mark.parametrize("target", TARGETS, ids=[_target_id(t) for t in TARGETS])
def test_post_never_fails(world, target):
    move_to_round(world, target.round)
    url, fields, choices, files = _fields(world, target)
    client = world.clients[target.kind]

    @FUZZ_SETTINGS
    @given(drawn=_data(fields, choices, files), htmx=st.booleans())
    def post(drawn, htmx):
        response = client.post(url, _post_data(drawn), **(HX if htmx else {}))
        _check(response, f"POST {url} {drawn!r}")

    post()
    assert stored_nul() == []


@pytest.mark.parametrize("name, kind, kwargs, params", GET_TARGETS, ids=[t[0] for t in GET_TARGETS])
def test_query_string_never_fails(world, name, kind, kwargs, params):
    url = reverse(name, kwargs=kwargs(world))
    client = world.clients[kind]

    @FUZZ_SETTINGS
    @given(query=st.fixed_dictionaries({p: st.one_of(FUZZ, st.just(OMIT)) for p in params}), htmx=st.booleans())
    def get(query, htmx):
        response = client.get(url, {k: v for k, v in query.items() if v is not OMIT}, **(HX if htmx else {}))
        _check(response, f"GET {url} {query!r}")

    get()


@pytest.mark.parametrize("value", ["x", "a b", "\x00", "٣", "9" * 40, "../x"])
def test_export_path_never_fails(world, value):
    client = world.clients["facilitator"]
    for kind, fmt in ((value, "json"), ("results", value)):
        response = client.get(f"/simulations/runs/{world.finished_run.pk}/export/{kind}.{fmt}")
        assert response.status_code in (200, 404)


# --- Unusual Unicode stored intact and shown escaped -------------------------------------------------------


def _shows_escaped(html):
    return ESCAPED in html and "<script>alert(1)" not in html


def test_member_section_keeps_unicode_and_escapes_markup(world):
    client = world.clients["other_applicant"]
    url, fields, _choices, _files = _fields(world, TARGETS[0])
    data = {**fields, "bio": PAYLOAD, "affiliation": PAYLOAD}

    client.post(url, data)

    member = ApplicationMember.objects.get(application=world.other_application, is_lead=True)
    assert (member.bio, member.affiliation) == (PAYLOAD, PAYLOAD)
    assert _shows_escaped(client.get(_app_page(world)).content.decode())


def test_joint_statement_keeps_unicode_and_escapes_markup(world):
    client = world.clients["other_applicant"]

    client.post(
        reverse("participants:save_joint_statement", args=[world.other_application.pk]), {"joint_statement": PAYLOAD}
    )

    world.other_application.refresh_from_db()
    assert world.other_application.joint_statement == PAYLOAD
    assert _shows_escaped(client.get(_app_page(world)).content.decode())


def test_floor_message_keeps_unicode_and_escapes_markup_for_every_delegation(world):
    move_to_round(world, 3)

    response = world.clients["delegate_a"].post(
        reverse("simulations:negotiate_floor", args=[world.run.pk]), {"text": PAYLOAD}, **HX
    )

    assert response.status_code == 200
    assert FloorMessage.objects.get(run=world.run).text == PAYLOAD
    for kind in ("delegate_a", "delegate_b"):
        assert _shows_escaped(world.clients[kind].get(_room(world)).content.decode()), kind


def test_statement_keeps_unicode_and_escapes_markup(world):
    world.clients["delegate_a"].post(reverse("simulations:negotiate_statement", args=[world.run.pk]), {"text": PAYLOAD})

    assert Statement.objects.get(run=world.run).text == PAYLOAD
    assert _shows_escaped(world.clients["delegate_b"].get(_room(world)).content.decode())


def test_announcement_keeps_unicode_and_escapes_markup(world):
    post_announcement(world.course, PAYLOAD, actor=world.users["facilitator"])

    assert _shows_escaped(world.clients["delegate_b"].get(_room(world)).content.decode())
    assert _shows_escaped(
        world.clients["facilitator"].get(reverse("simulations:console", args=[world.course.pk])).content.decode()
    )


NUL_CASES = [
    ("simulations:negotiate_statement", "delegate_a", 1, {"text": "a\x00b"}, "null character"),
    ("simulations:negotiate_caucus", "delegate_a", 2, {"text": "a\x00b"}, "null character"),
    ("simulations:negotiate_floor", "delegate_a", 3, {"text": "a\x00b"}, "null character"),
    ("simulations:negotiate_package", "delegate_a", 3, {"issue-x": "x1", "issue-y": "y2", "rationale": "\x00"}, "null"),
    ("participants:save_joint_statement", "other_applicant", 0, {"joint_statement": "a\x00b"}, "Null characters"),
]


@pytest.mark.parametrize("name, kind, round_number, data, reason", NUL_CASES, ids=[c[0] for c in NUL_CASES])
def test_null_character_is_refused_with_a_reason(world, name, kind, round_number, data, reason):
    move_to_round(world, round_number)
    kwargs = {"pk": world.other_application.pk} if name.startswith("participants") else {"run_id": world.run.pk}

    response = world.clients[kind].post(reverse(name, kwargs=kwargs), data, **HX)

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert stored_nul() == []


@pytest.mark.parametrize("name", ["simulations:console_announce", "simulations:console_inject"])
def test_null_character_in_console_is_refused_with_a_reason(world, name):
    data = {"target": "all", "text": "a\x00b", "run": str(world.run.pk), "title": "a\x00b", "body": "b"}

    response = world.clients["facilitator"].post(reverse(name, args=[world.course.pk]), data)

    assert response.status_code == 400
    assert "null character" in response.content.decode()
    assert stored_nul() == []


PATH_VALUES = ["x", "%00", "a%00b", "%E2%80%AE", "%F0%9F%91%A9", "9" * 300, "..%2F..%2Fetc", "%20"]


@pytest.mark.parametrize("value", PATH_VALUES)
def test_text_in_url_paths_never_fails(world, value):
    """Every <str:...> URL parameter, with odd text (PostgreSQL refuses a NUL even in a lookup)."""
    paths = [
        ("anonymous", f"/calendar/{value}.ics"),
        ("anonymous", f"/apply/invitations/{value}/"),
        ("facilitator", f"/apply/selection/{world.course.slug}/emails/{value}/"),
        ("facilitator", f"/simulations/runs/{world.finished_run.pk}/export/{value}.json"),
        ("facilitator", f"/simulations/runs/{world.finished_run.pk}/export/results.{value}"),
    ]
    for kind, path in paths:
        response = world.clients[kind].get(path)
        assert response.status_code in (404, 410), path
