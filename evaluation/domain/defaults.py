"""The default set of instruments every edition starts with, written for this course.

Plain data: ``evaluation.domain.instruments.ensure_default_instruments`` turns it into rows. Each instrument's
window is given relative to the edition's dates (``window`` names a rule in ``instruments.default_window``).
Pretest and posttest items share keys so that the report compares each person's answers item by item.
"""

from evaluation.enums import InstrumentPurpose as P
from evaluation.enums import QuestionBlock as B
from evaluation.enums import QuestionKind as K


def _choices(*labels):
    return [{"key": "abcdefgh"[i], "label": label} for i, label in enumerate(labels)]


KNOWLEDGE_ITEMS = [
    dict(
        key="kind-science-for-diplomacy",
        text="Rival governments fund a shared research facility partly so that their scientists, and then their "
        "officials, have a reason to work together. Which kind of science diplomacy is this?",
        choices=_choices("Diplomacy for science", "Science for diplomacy", "Science in diplomacy"),
        correct_key="b",
    ),
    dict(
        key="kind-diplomacy-for-science",
        text="A foreign ministry negotiates an agreement so that its researchers can use a telescope in another "
        "country. Which kind of science diplomacy is this?",
        choices=_choices("Diplomacy for science", "Science for diplomacy", "Science in diplomacy"),
        correct_key="a",
    ),
    dict(
        key="batna",
        text="In a negotiation, your BATNA is…",
        choices=_choices(
            "the best result you can get elsewhere if this negotiation ends without agreement",
            "the lowest offer you announce at the start",
            "the package that maximises the joint gain of all parties",
            "the deadline after which the chair closes the talks",
        ),
        correct_key="a",
    ),
    dict(
        key="reservation-value",
        text="Your reservation value is…",
        choices=_choices(
            "the value of your opening demand",
            "the least favourable deal you would still accept rather than walk away",
            "what the other side would accept at most",
            "the average of both sides' opening positions",
        ),
        correct_key="b",
    ),
    dict(
        key="pareto",
        text="An agreement is Pareto efficient when…",
        choices=_choices(
            "every party gets the same number of points",
            "it was adopted by a majority",
            "no other agreement makes one party better off without making another worse off",
            "it gives each party more than its opening demand",
        ),
        correct_key="c",
    ),
    dict(
        key="integrative",
        text="Which move is typical of integrative (value-creating) rather than distributive bargaining?",
        choices=_choices(
            "Anchoring with an extreme first offer",
            "Splitting the difference on each issue separately",
            "Trading issues that the parties value differently",
            "Hiding your interests until the final round",
        ),
        correct_key="c",
    ),
    dict(
        key="decision-rule",
        text="Under a unanimity (consensus) rule, a proposal is adopted when…",
        choices=_choices(
            "a majority of delegations votes for it",
            "every delegation at the table votes for it",
            "the chair judges that nobody objects strongly",
            "the delegations that hold a veto abstain",
        ),
        correct_key="b",
    ),
    dict(
        key="science-advice",
        text="Which of these is a science advice mechanism for a government?",
        choices=_choices(
            "A journal's peer review of a submitted paper",
            "A national academy's independent report requested by a ministry",
            "A university's press release on a new finding",
            "A patent office examining a claim",
        ),
        correct_key="b",
    ),
]

CONFIDENCE_ANCHORS = dict(anchor_low="Not at all confident", anchor_high="Completely confident")
CONFIDENCE_ITEMS = [
    dict(key="negotiate", text="Preparing and conducting a negotiation with several delegations at the table."),
    dict(key="advise", text="Advising a policymaker on a question where the evidence is uncertain."),
    dict(key="explain", text="Explaining a scientific finding to diplomats in terms they can act on."),
    dict(key="walk-away", text="Telling when walking away is better than the deal on the table."),
    dict(key="partner", text="Working on a joint project with someone from the other world (science or policy)."),
]

RUN_ANCHORS = dict(anchor_low="Not at all", anchor_high="Completely")
RUN_ITEMS = [
    dict(key="outcome", text="How satisfied are you with what your delegation got from this table?"),
    dict(key="self", text="Did you act in a way you can stand by, and feel competent as a negotiator?"),
    dict(key="process", text="Was the process fair: were your delegation's concerns heard and considered?"),
    dict(key="relationship", text="Would you trust the other delegations at this table in a future negotiation?"),
]


def _likert7(items, anchors, block=B.NOW, prefix=""):
    return [{**item, "kind": K.LIKERT_7, "block": block, **anchors, "text": prefix + item["text"]} for item in items]


DEFAULT_INSTRUMENTS = [
    dict(
        purpose=P.KNOWLEDGE_PRE,
        title="Before the course: what do you know already?",
        intro="Eight short questions on ideas the course covers. Nobody expects you to know them all: the same "
        "questions come again on the last day, and the difference tells us what the week taught.",
        window="before",
        questions=[dict(kind=K.KNOWLEDGE, **item) for item in KNOWLEDGE_ITEMS],
    ),
    dict(
        purpose=P.CONFIDENCE_PRE,
        title="Before the course: how confident are you?",
        intro="How confident are you today in each of these? 1 is not at all, 7 is completely.",
        window="before",
        questions=_likert7(CONFIDENCE_ITEMS, CONFIDENCE_ANCHORS),
    ),
    dict(
        purpose=P.KNOWLEDGE_POST,
        title="Last day: what do you know now?",
        intro="The same eight questions as before the course.",
        window="last_day",
        questions=[dict(kind=K.KNOWLEDGE, **item) for item in KNOWLEDGE_ITEMS],
    ),
    dict(
        purpose=P.CONFIDENCE_POST,
        title="Last day: how confident are you now, and how were you before?",
        intro="First how confident you are now; then, looking back, how confident you were before the course "
        "started. The second block lets us see whether the week changed how you judge yourself.",
        window="last_day",
        questions=_likert7(CONFIDENCE_ITEMS, CONFIDENCE_ANCHORS)
        + _likert7(
            CONFIDENCE_ITEMS, CONFIDENCE_ANCHORS, block=B.RETROSPECTIVE, prefix="Before the course, my confidence in: "
        ),
    ),
    dict(
        purpose=P.REACTION,
        title="The week as a whole (anonymous)",
        intro="How the week went for you, and what we should change. Every question but the first three is optional.",
        window="last_day",
        anonymous=True,
        questions=[
            dict(
                kind=K.LIKERT_5,
                key="overall",
                text="Overall, the course was…",
                anchor_low="Poor",
                anchor_high="Excellent",
            ),
            dict(
                kind=K.LIKERT_5,
                key="relevance",
                text="How relevant was the course to your work?",
                anchor_low="Not relevant",
                anchor_high="Highly relevant",
            ),
            dict(
                kind=K.SINGLE,
                key="recommend",
                text="Would you recommend the course to a colleague?",
                choices=_choices("Yes", "Maybe", "No"),
            ),
            dict(
                kind=K.MULTIPLE,
                key="formats",
                text="Which formats helped you learn most?",
                required=False,
                choices=_choices(
                    "Lectures", "Panels", "Workshops", "Role-play simulations", "Field visits", "Time with my partner"
                ),
            ),
            dict(
                kind=K.NUMBER,
                key="hours",
                text="After the course, how many hours a month do you expect to spend on science-diplomacy work?",
                min_value=0,
                max_value=300,
                required=False,
            ),
            dict(kind=K.SHORT_TEXT, key="one-word", text="The course in a few words", required=False),
            dict(kind=K.LONG_TEXT, key="change", text="What should we change for the next edition?", required=False),
        ],
    ),
    dict(
        purpose=P.SESSION_FEEDBACK,
        title="How was this session?",
        intro="One tap is enough; the rest is optional. You can change your answer until the course ends.",
        window="feedback",
        questions=[
            dict(
                kind=K.LIKERT_5,
                key="relevance",
                text="How relevant was it to your work?",
                required=False,
                anchor_low="Not relevant",
                anchor_high="Highly relevant",
            ),
            dict(
                kind=K.LONG_TEXT,
                key="comment",
                text="A comment for the team (speakers see only comments the team has approved, without your name)",
                required=False,
            ),
            dict(
                kind=K.LIKERT_5,
                key="rating",
                text="Your rating of the session",
                anchor_low="Poor",
                anchor_high="Excellent",
            ),
        ],
    ),
    dict(
        purpose=P.RUN_SURVEY,
        title="After the simulation: how did it go for you?",
        intro="Four questions after each table you played, shown beside the table's results at the debrief.",
        window="week",
        questions=_likert7(RUN_ITEMS, RUN_ANCHORS),
    ),
]
