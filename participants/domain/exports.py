"""Exports for facilitators: applications with their scores and answers (CSV and JSON), and the cohort roster."""

import csv
import io
import json

from course.domain.spreadsheets import guard_formula
from participants.domain.answers import answer_columns, answers_by_application
from participants.domain.income import classify
from participants.domain.questions import format_answer
from participants.domain.selection import board_rows, cohort
from participants.enums import QuestionScope


def _column_title(question, role):
    return f"{question.key} ({role})" if role else question.key


def _csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        # A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
        writer.writerow([guard_formula(v) for v in row])
    return buffer.getvalue()


def _fmt(value):
    return "" if value is None else f"{value:.2f}"


def applications_csv(course):
    header = [
        "rank",
        "application",
        "status",
        "staged decision",
        "waitlist position",
        "weighted mean",
        "median",
        "reviews",
        "scientist",
        "scientist country",
        "policymaker",
        "policymaker country",
        "regions",
        "cross-country",
        "flagged",
    ]
    columns = answer_columns(course)
    header += [_column_title(q, role) for q, role in columns]
    answers = answers_by_application(course)
    rows = []
    for r in board_rows(course):
        by_role = {m.role: m for m in r.members}
        scientist, policymaker = by_role.get("scientist"), by_role.get("policymaker")
        rows.append(
            [
                r.rank,
                r.application.pk,
                r.application.status,
                r.staged_outcome,
                r.decision.waitlist_position if r.decision and r.decision.waitlist_position else "",
                _fmt(r.mean),
                _fmt(r.median),
                r.review_count,
                scientist.full_name if scientist else "",
                scientist.country if scientist else "",
                policymaker.full_name if policymaker else "",
                policymaker.country if policymaker else "",
                "; ".join(r.regions),
                "yes" if r.cross_country else "no",
                "yes" if r.flagged else "no",
                *[format_answer(q, answers.get(r.application.pk, {}).get((q.pk, role))) for q, role in columns],
            ]
        )
    return _csv(header, rows)


def applications_json(course):
    """The same as the CSV, structured: each application with its members and every answer by question key."""
    columns = answer_columns(course)
    answers = answers_by_application(course)
    questions = {q.pk: q for q, _role in columns}
    out = []
    for r in board_rows(course):
        mine = answers.get(r.application.pk, {})
        pair_answers = {
            q.key: mine.get((q.pk, None))
            for q in questions.values()
            if q.scope == QuestionScope.PAIR and (q.pk, None) in mine
        }
        members = []
        for m in r.members:
            members.append(
                {
                    "role": m.role,
                    "full_name": m.full_name,
                    "country": m.country,
                    "answers": {q.key: mine[(q.pk, m.role)] for q in questions.values() if (q.pk, m.role) in mine},
                }
            )
        out.append(
            {
                "rank": r.rank,
                "application": r.application.pk,
                "status": r.application.status,
                "staged_decision": r.staged_outcome,
                "weighted_mean": r.mean,
                "median": r.median,
                "reviews": r.review_count,
                "members": members,
                "pair_answers": pair_answers,
            }
        )
    document = {
        "course": course.slug,
        "questions": [
            {"key": q.key, "label": q.label, "kind": q.kind, "scope": q.scope, "retired": q.is_retired}
            for q in questions.values()
        ],
        "applications": out,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def cohort_csv(course):
    header = ["pair", "application", "role", "full name", "email", "country", "region", "income group"]
    rows = []
    for pair in cohort(course):
        for p in pair.participants.all():
            info = classify(p.country)
            rows.append(
                [
                    pair.pk,
                    pair.application_id or "",
                    p.role,
                    p.full_name,
                    p.user.email,
                    str(p.country),
                    info.region,
                    info.income_group,
                ]
            )
    return _csv(header, rows)
