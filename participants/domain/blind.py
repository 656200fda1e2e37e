"""Blind review: what a reviewer of a blind edition must not see, and the one place that hides it.

In a course whose ReviewConfig has ``blind_review`` on, every page and download a reviewer can reach shows
members only by role ("Scientist", "Policymaker"): never a name, an email address, an affiliation or a position,
and never a free-text answer that the course team marked as identifying. CV filenames are neutral
(``application-12-scientist-cv.pdf``) for every reviewer, and the CVs themselves open only when the course
also sets ``blind_review_shows_cvs``. Proof: tests/security/test_blind_review.py crawls everything a reviewer
can reach.

Extension point for custom application questions (the call builder): register a provider in an AppConfig's
``ready()`` with ``register_identifying_answers(provider)``; ``provider(course)`` returns the keys of the
course's free-text answers the team marked as identifying. Pages that show custom answers to reviewers ask
``hidden_answer_keys(course)`` (or ``visible_answers(course, answers)``) and leave those out.
"""

from dataclasses import dataclass

from participants.domain.review import read_review_config

# ApplicationMember fields never shown to a reviewer of a blind edition.
IDENTIFYING_MEMBER_FIELDS = ("full_name", "affiliation", "position", "cv_original_name")

_identifying_answer_providers = []


def register_identifying_answers(provider):
    """Add ``provider(course) -> iterable of answer keys`` hidden from reviewers in blind review (idempotent)."""
    if provider not in _identifying_answer_providers:
        _identifying_answer_providers.append(provider)
    return provider


def is_blind(course):
    return read_review_config(course).blind_review


def identifying_text_fields(course):
    """Member fields hidden from reviewers of ``course`` (none unless the course reviews blind)."""
    return IDENTIFYING_MEMBER_FIELDS if is_blind(course) else ()


def hidden_answer_keys(course):
    """Keys of custom free-text answers hidden from reviewers of ``course`` (the registered providers')."""
    if not is_blind(course):
        return frozenset()
    keys = set()
    for provider in _identifying_answer_providers:
        keys.update(provider(course) or ())
    return frozenset(keys)


def visible_answers(course, answers):
    """``answers`` (a mapping key → value) without the ones a reviewer of ``course`` must not see."""
    hidden = hidden_answer_keys(course)
    return {key: value for key, value in answers.items() if key not in hidden}


@dataclass(frozen=True)
class ReviewerMember:
    """One member as a reviewer sees them: in blind review, only what cannot name them."""

    pk: int
    role: str
    role_label: str
    full_name: str
    affiliation: str
    position: str
    country: object
    career_stage_label: str
    bio: str
    motivation: str
    plans_together: str
    has_cv: bool
    cv_filename: str


def neutral_cv_filename(application_id, role):
    return f"application-{application_id}-{role}-cv.pdf"


def members_for_reviewer(application, members):
    """The pair's members as the reviewer of ``application`` may see them."""
    hidden = set(identifying_text_fields(application.course))
    shown = []
    for m in members:
        shown.append(
            ReviewerMember(
                pk=m.pk,
                role=m.role,
                role_label=m.get_role_display(),
                full_name="" if "full_name" in hidden else m.full_name,
                affiliation="" if "affiliation" in hidden else m.affiliation,
                position="" if "position" in hidden else m.position,
                country=m.country,
                career_stage_label=m.get_career_stage_display() if m.career_stage else "",
                bio=m.bio,
                motivation=m.motivation,
                plans_together=m.plans_together,
                has_cv=bool(m.cv),
                cv_filename=neutral_cv_filename(application.pk, m.role),
            )
        )
    return shown
