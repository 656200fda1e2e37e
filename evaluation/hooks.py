"""What the evaluation adds to pages of the apps below it (registered in EvaluationConfig.ready())."""

from django.template.loader import render_to_string
from django.utils import timezone

from evaluation.domain import statistics as st
from evaluation.domain.answers import has_answered, initial_values, own_response, participant_in, window_refusal
from evaluation.enums import InstrumentPurpose
from evaluation.forms import AnswerForm
from evaluation.models import Answer, Instrument


def debrief_survey_panel(request, run):
    """At the debrief: the after-run survey for a seated participant (or their answers), and the table's
    subjective value beside its objective figures (the team and everyone, once enough have answered)."""
    survey = Instrument.objects.filter(course_id=run.course_id, purpose=InstrumentPurpose.RUN_SURVEY).first()
    if survey is None:
        return None
    participant = participant_in(request.user, run.course)
    seated = participant is not None and run.seats.filter(pair_id=participant.pair_id).exists()
    questions = list(survey.questions.all())
    form = answered = None
    if seated:
        answered = has_answered(survey, participant, run=run)
        previous = own_response(survey, participant, run=run)
        if window_refusal(survey, timezone.now()) is None:
            form = AnswerForm(questions, initial_values=initial_values(previous))
    per_person = {}
    for pid, number in Answer.objects.filter(response__instrument=survey, response__run=run).values_list(
        "response__participant_id", "number"
    ):
        if number is not None:
            per_person.setdefault(pid, []).append(number)
    summary = st.summary([sum(v) / len(v) for v in per_person.values()])
    context = {
        "survey": survey,
        "run": run,
        "form": form,
        "answered": answered,
        "summary": summary,
        "seated": seated,
        "min_cell": st.min_cell(),
    }
    return render_to_string("evaluation/_debrief_survey.html", context, request=request)
