"""The impact report of one edition (Kirkpatrick's four levels), read in a fixed, small number of queries.

Everything here is a read: nothing is written. Every figure carries the number of answers it rests on, and a
cell with fewer than the minimum cell size (``settings.EVALUATION_MIN_CELL``) is suppressed by
``evaluation.domain.statistics``. The report is plain data (dicts, lists, numbers, strings), so the page,
the CSV and the JSON exports are all built from the same object.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from evaluation.domain import statistics as st
from evaluation.domain.continuity import success_cases, wave_continuity
from evaluation.domain.session_feedback import session_rows, speaker_rows
from evaluation.enums import CourseTool, InstrumentPurpose, OutputKind, QuestionBlock, QuestionKind, RequestStatus
from evaluation.models import Answer, ErasureRecord, FollowUpRequest, FollowUpWave, Instrument, JointOutput, SuccessCase
from participants.domain.income import classify
from participants.enums import ApplicationStatus, Gender
from participants.models import ApplicationMember, Participant
from simulations.enums import RunState
from simulations.models import Run, Seat

NOT_APPLIED = (ApplicationStatus.DRAFT,)


def impact_report(course):
    instruments = list(Instrument.objects.filter(course=course).prefetch_related("questions"))
    answers = _answers(course)
    participants = list(Participant.objects.filter(pair__course=course).values("id", "pair_id", "role", "country"))
    return {
        "course": {
            "slug": course.slug,
            "title": course.title,
            "starts_on": course.starts_on.isoformat(),
            "ends_on": course.ends_on.isoformat(),
        },
        "min_cell": st.min_cell(),
        "reach": reach(course, participants),
        "reaction": reaction(instruments, answers),
        "sessions": session_feedback(course, instruments),
        "learning": learning(instruments, answers),
        "simulations": simulation_performance(course, instruments, answers),
        "follow_up": follow_up(course, participants),
        "erasures": list(
            ErasureRecord.objects.filter(course=course).values_list("erased_at", flat=True).order_by("erased_at")
        ),
    }


# --- Reading -------------------------------------------------------------------------------------------------


def _answers(course):
    """{question_id: [(number, choices, participant_id, pair_id, run_id)]} for the whole edition, one query."""
    rows = Answer.objects.filter(response__instrument__course=course).values_list(
        "question_id",
        "number",
        "choices",
        "text",
        "response__participant_id",
        "response__pair_id",
        "response__run_id",
    )
    out = defaultdict(list)
    for question_id, number, choices, text, participant_id, pair_id, run_id in rows:
        out[question_id].append((number, choices, text, participant_id, pair_id, run_id))
    return out


def _by_purpose(instruments, purpose):
    return next((i for i in instruments if i.purpose == purpose), None)


# --- Level 0: reach ----------------------------------------------------------------------------------------


def _people(rows):
    """Countries, regions, Global South share and women share of a list of (country, gender) rows."""
    countries = {c for c, _g in rows if c}
    regions = defaultdict(int)
    south = 0
    for country, _g in rows:
        info = classify(country)
        regions[info.region] += 1
        south += info.is_lmic
    genders = [g for _c, g in rows if g and g not in (Gender.UNDISCLOSED,)]
    women = sum(1 for g in genders if g == Gender.WOMAN)
    return {
        "people": len(rows),
        "countries": len(countries),
        "regions": sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
        "global_south_pct": st.rate(south, len(rows)) if st.shown(len(rows)) else None,
        "women_pct": st.rate(women, len(genders)) if st.shown(len(genders)) else None,
        "gender_answers": len(genders),
    }


def reach(course, participants):
    applicants = list(
        ApplicationMember.objects.filter(application__course=course)
        .exclude(application__status__in=NOT_APPLIED)
        .values_list("application_id", "country", "gender", "application__pair__id")
    )
    applications = {a for a, *_ in applicants}
    cohort_genders = {}
    for _app, country, gender, pair_id in applicants:
        if pair_id:
            cohort_genders.setdefault(pair_id, []).append((country, gender))
    cohort_rows = [(p["country"], "") for p in participants]
    cohort = _people(cohort_rows)
    gender_rows = [g for rows in cohort_genders.values() for g in rows]
    cohort_gender = _people(gender_rows)
    cohort["women_pct"], cohort["gender_answers"] = cohort_gender["women_pct"], cohort_gender["gender_answers"]
    return {
        "applications": len(applications),
        "applicants": _people([(c, g) for _a, c, g, _p in applicants]),
        "pairs": len({p["pair_id"] for p in participants}),
        "cohort": cohort,
    }


# --- Level 1: reaction -------------------------------------------------------------------------------------


def question_summary(question, rows):
    """One question's answers summarised for the report (texts are counted, never quoted)."""
    item = {"key": question.key, "text": question.text, "kind": question.kind, "n": len(rows)}
    if question.kind in QuestionKind.scaled() or question.kind == QuestionKind.NUMBER:
        item["summary"] = st.summary([r[0] for r in rows if r[0] is not None]).as_dict()
        if question.kind in QuestionKind.scaled():
            item["scale"] = question.scale_max
            item["anchors"] = [question.anchor_low, question.anchor_high]
            found = st.counts(int(r[0]) for r in rows if r[0] is not None)
            item["distribution"] = [(v, found.get(v, 0)) for v in question.scale] if found else []
    elif question.kind in QuestionKind.with_choices():
        found = st.counts(key for r in rows for key in r[1]) if st.shown(len(rows)) else {}
        item["distribution"] = [(c["label"], found.get(c["key"], 0)) for c in question.choices] if found else []
    return item


def reaction(instruments, answers):
    out = {"overall": None, "runs": None}
    overall = _by_purpose(instruments, InstrumentPurpose.REACTION)
    if overall:
        out["overall"] = {
            "title": overall.title,
            "anonymous": overall.is_anonymous,
            "items": [question_summary(q, answers.get(q.pk, [])) for q in overall.questions.all()],
        }
    runs = _by_purpose(instruments, InstrumentPurpose.RUN_SURVEY)
    if runs:
        out["runs"] = {
            "title": runs.title,
            "items": [question_summary(q, answers.get(q.pk, [])) for q in runs.questions.all()],
        }
    return out


def session_feedback(course, instruments):
    """Reaction by session and by speaker (means suppressed under the minimum cell size)."""
    instrument = _by_purpose(instruments, InstrumentPurpose.SESSION_FEEDBACK)
    rows = session_rows(course, instrument)
    return {
        "sessions": [
            {
                "title": r["session"].title,
                "starts_at": r["session"].starts_at.isoformat(),
                "speakers": r["speakers"],
                "answered": r["answered"],
                "rating": r["rating"].as_dict(),
                "relevance": r["relevance"].as_dict(),
                "switched_off": r["off"],
            }
            for r in rows
        ],
        "speakers": [
            {"speaker": e["speaker"].name, "sessions": e["sessions"], "n": e["n"], "mean_rating": e["mean"]}
            for e in speaker_rows(rows)
        ],
    }


# --- Level 2: learning -------------------------------------------------------------------------------------


def _person_values(questions, answers, scale=1.0):
    """{key: {participant_id: number × scale}} for attributed answers."""
    values = defaultdict(dict)
    for q in questions:
        for number, _choices, _text, participant_id, _pair, _run in answers.get(q.pk, []):
            if participant_id is not None and number is not None:
                values[q.key][participant_id] = number * scale
    return values


def _person_means(values):
    """{participant_id: mean over the items they answered}."""
    sums = defaultdict(list)
    for per_person in values.values():
        for pid, v in per_person.items():
            sums[pid].append(v)
    return {pid: sum(v) / len(v) for pid, v in sums.items()}


def _paired(before, after):
    return [(before[pid], after[pid]) for pid in sorted(before.keys() & after.keys())]


def learning(instruments, answers):
    out = []
    for pre_purpose, post_purpose in InstrumentPurpose.pre_post():
        pre, post = _by_purpose(instruments, pre_purpose), _by_purpose(instruments, post_purpose)
        if not (pre and post):
            continue
        knowledge = pre_purpose == InstrumentPurpose.KNOWLEDGE_PRE
        now_pre = [q for q in pre.questions.all() if q.block == QuestionBlock.NOW]
        now_post = [q for q in post.questions.all() if q.block == QuestionBlock.NOW]
        retro = [q for q in post.questions.all() if q.block == QuestionBlock.RETROSPECTIVE]
        scale = 100.0 if knowledge else 1.0  # knowledge items: per cent correct
        v_pre, v_post, v_retro = (_person_values(qs, answers, scale) for qs in (now_pre, now_post, retro))
        texts = {q.key: q.text for q in now_post}
        items = []
        pre_keys = {q.key for q in now_pre}
        for key in [q.key for q in now_post if q.key in pre_keys]:
            row = {"key": key, "text": texts[key], "change": st.paired_change(_paired(v_pre[key], v_post[key]))}
            if retro:
                row["retrospective"] = st.paired_change(_paired(v_retro.get(key, {}), v_post[key]))
                row["response_shift"] = st.paired_change(_paired(v_pre[key], v_retro.get(key, {})))
            items.append(row)
        m_pre, m_post = _person_means(v_pre), _person_means(v_post)
        block = {
            "name": _("Knowledge (per cent correct)") if knowledge else _("Self-efficacy (mean of 1–7 items)"),
            "kind": "knowledge" if knowledge else "confidence",
            "unit": "%" if knowledge else "",
            "overall": st.paired_change(_paired(m_pre, m_post)),
            "items": items,
        }
        if retro:
            m_retro = _person_means(v_retro)
            block["retrospective"] = st.paired_change(_paired(m_retro, m_post))
            block["response_shift"] = st.paired_change(_paired(m_pre, m_retro))
        out.append(block)
    return out


# --- Simulations ---------------------------------------------------------------------------------------------


def simulation_performance(course, instruments, answers):
    """Each finished table: agreement, distance to the frontier, delegations above their BATNA; the subjective
    value its players reported beside it; and every pair's margin over BATNA by the order it played."""
    runs = list(
        Run.objects.filter(course=course, state=RunState.FINISHED, outcome__isnull=False)
        .select_related("scenario", "outcome")
        .order_by("started_at", "pk")
    )
    seats = list(Seat.objects.filter(run__in=runs).values_list("run_id", "pair_id", "delegation__key"))
    survey = _by_purpose(instruments, InstrumentPurpose.RUN_SURVEY)
    per_person = defaultdict(list)  # (run, participant) -> that person's answers; the cell counts people
    if survey:
        for q in survey.questions.all():
            for number, _c, _t, participant_id, _pair, run_id in answers.get(q.pk, []):
                if run_id and number is not None and participant_id:
                    per_person[(run_id, participant_id)].append(number)
    subjective = defaultdict(list)
    for (run_id, _pid), values in per_person.items():
        subjective[run_id].append(sum(values) / len(values))
    by_run_delegation = {}
    for run in runs:
        for d in run.outcome.analysis.get("delegations", []):
            by_run_delegation[(run.pk, d["delegation"])] = d
    tables = []
    for run in runs:
        delegations = run.outcome.analysis.get("delegations", [])
        margins = [d["margin"] for d in delegations]
        tables.append(
            {
                "run_id": run.pk,
                "name": run.name,
                "scenario": run.scenario.title,
                "agreed": run.outcome.package is not None,
                "on_frontier": bool(run.outcome.analysis.get("on_frontier")),
                "distance_to_frontier": run.outcome.analysis.get("distance_to_frontier"),
                "delegations": len(delegations),
                "above_batna": sum(1 for d in delegations if d.get("beats_batna")),
                "mean_margin": sum(margins) / len(margins) if margins else None,
                "subjective": st.summary(subjective.get(run.pk, [])).as_dict(),
            }
        )
    played = defaultdict(list)
    run_order = {run.pk: i for i, run in enumerate(runs)}
    for run_id, pair_id, key in sorted(seats, key=lambda s: run_order[s[0]]):
        d = by_run_delegation.get((run_id, key))
        if d is not None:
            played[pair_id].append(d["margin"])
    by_order = defaultdict(list)
    for margins in played.values():
        for i, margin in enumerate(margins, start=1):
            by_order[i].append(margin)
    return {
        "tables": tables,
        "by_order": [{"order": i, "margin": st.summary(v).as_dict()} for i, v in sorted(by_order.items())],
    }


# --- Levels 3 and 4: behaviour and results ------------------------------------------------------------------


def follow_up(course, participants):
    waves = list(FollowUpWave.objects.filter(course=course).order_by("months_after"))
    if not waves:
        return []
    requests = list(
        FollowUpRequest.objects.filter(wave__course=course).values(
            "id", "wave_id", "participant_id", "participant__pair_id", "status", "in_contact", "used_from_course"
        )
    )
    outputs = defaultdict(list)
    for request_id, kind, title, url in JointOutput.objects.filter(request__wave__course=course).values_list(
        "request_id", "kind", "title", "evidence_url"
    ):
        outputs[request_id].append((kind, title, url))
    marked = dict(
        SuccessCase.objects.filter(wave__course=course)
        .values_list("wave_id")
        .annotate(n=Count("pk", filter=Q(marked_for_interview=True)))
    )
    pairs = sorted({(p["pair_id"], _("Pair %(number)s") % {"number": p["pair_id"]}) for p in participants})
    out = []
    for wave in waves:
        rows = [
            {**r, "pair_id": r["participant__pair_id"], "outputs": outputs.get(r["id"], [])}
            for r in requests
            if r["wave_id"] == wave.pk
        ]
        answered = [r for r in rows if r["status"] == RequestStatus.ANSWERED]
        declined = sum(1 for r in rows if r["status"] == RequestStatus.DECLINED)
        continuity = wave_continuity(pairs, rows)
        with_index = [c for c in continuity if c.index is not None]
        kinds = defaultdict(int)
        for c in with_index:
            for kind, n in c.outputs_by_kind().items():
                kinds[kind] += n
        tools = st.counts(t for r in answered for t in r["used_from_course"]) if st.shown(len(answered)) else {}
        strongest, weakest = success_cases(continuity)
        rate = st.rate(len(answered), len(rows))
        out.append(
            {
                "wave_id": wave.pk,
                "months_after": wave.months_after,
                "opens_on": wave.opens_on.isoformat(),
                "due_on": wave.due_on.isoformat(),
                "closes_on": wave.closes_on.isoformat(),
                "target_pct": wave.target_rate,
                "asked": len(rows),
                "answered": len(answered),
                "declined": declined,
                "response_pct": rate,
                "meets_target": rate is not None and rate >= wave.target_rate,
                "pairs_with_answers": len(with_index),
                "pairs_both_answered": sum(1 for c in with_index if c.answered == 2),
                "pairs_disagreeing": sum(1 for c in with_index if c.disagrees) if st.shown(len(with_index)) else None,
                "continuity": st.summary([c.index for c in with_index]).as_dict(),
                "in_contact_pct": (
                    st.rate(sum(1 for c in with_index if c.contact == 1.0), len(with_index))
                    if st.shown(len(with_index))
                    else None
                ),
                "outputs_by_kind": [(OutputKind(k).label, n) for k, n in sorted(kinds.items())]
                if st.shown(len(with_index))
                else [],
                "tools_used": [(CourseTool(t).label, n) for t, n in sorted(tools.items(), key=lambda kv: -kv[1])],
                "strongest_index": [c.index for c in strongest] if st.shown(len(with_index)) else [],
                "weakest_index": [c.index for c in weakest] if st.shown(len(with_index)) else [],
                "marked_for_interview": marked.get(wave.pk, 0),
            }
        )
    return out
