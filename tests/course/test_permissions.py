"""course.permissions: the one permission path (registered rules asked by name) and the one facilitator gate."""

import pathlib
import re

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from course.permissions import FACILITATE, REVIEW, facilitator_required, has_perm, require_facilitator, require_perm
from tests.factories.course import FacilitatorFactory, ReviewerFactory, UserFactory
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
REGISTERED = {
    "course.facilitate",
    "course.review",
    "participants.review_application",
    "participants.answer_attendance",
    "participants.download_cv",
    "participants.download_document",
    "participants.discuss_application",
    "simulations.view_debrief",
    "evaluation.answer_follow_up",
    "logistics.see_private_travel_data",
    "programme.read_cohort_materials",
}


@facilitator_required
def _facilitator_view(request):
    """A facilitator's page."""
    return HttpResponse("ok")


def _request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return request


def test_our_apps_register_exactly_the_permissions_views_ask_for():
    ours = {
        name
        for name in rules.permissions.permissions
        if name.split(".")[0] in {"course", "participants", "simulations", "programme", "evaluation", "logistics"}
    }
    assert ours == REGISTERED


def test_every_permission_name_the_views_ask_for_is_registered():
    asked = set()
    for pattern in ("*/views.py", "*/views/*.py", "*/programme_views/*.py"):
        for path in ROOT.glob(pattern):
            asked |= set(re.findall(r'(?:require_perm|has_perm)\([^)]*?"(\w+\.\w+)"', path.read_text()))
    assert {"participants.review_application", "participants.answer_attendance", "simulations.view_debrief"} <= asked
    assert asked <= REGISTERED


def test_views_ask_permissions_only_through_course_permissions():
    offenders = [
        str(path.relative_to(ROOT))
        for pattern in ("*/views.py", "*/views/*.py", "*/programme_views/*.py")
        for path in ROOT.glob(pattern)
        if ".venv" not in path.parts and (".rules import" in path.read_text() or "user_passes_test" in path.read_text())
    ]
    assert offenders == []


def test_has_perm_refuses_an_unknown_name_loudly():
    with pytest.raises(ImproperlyConfigured):
        has_perm(UserFactory(), "participants.no_such_thing")


def test_facilitator_gate_lets_facilitators_and_superusers_through():
    superuser = UserFactory(is_superuser=True)
    require_facilitator(FacilitatorFactory())
    require_facilitator(superuser)
    assert has_perm(superuser, FACILITATE)


@pytest.mark.parametrize("kind", ["anonymous", "user", "reviewer"])
def test_facilitator_gate_answers_404_to_everyone_else(kind):
    user = {"anonymous": AnonymousUser, "user": UserFactory, "reviewer": ReviewerFactory}[kind]()
    with pytest.raises(Http404):
        require_facilitator(user)


def test_facilitator_required_sends_an_anonymous_visitor_to_the_login_page():
    response = _facilitator_view(_request(AnonymousUser()))
    assert response.status_code == 302 and "login" in response["Location"]


def test_facilitator_required_answers_404_to_a_signed_in_non_facilitator():
    with pytest.raises(Http404):
        _facilitator_view(_request(ReviewerFactory()))


def test_facilitator_required_runs_the_view_for_a_facilitator_and_keeps_its_name():
    assert _facilitator_view(_request(FacilitatorFactory())).content == b"ok"
    assert (_facilitator_view.__name__, _facilitator_view.__doc__) == ("_facilitator_view", "A facilitator's page.")


def test_review_permission_is_for_reviewers_only():
    assert has_perm(ReviewerFactory(), REVIEW)
    assert not has_perm(FacilitatorFactory(), REVIEW)
    assert not has_perm(AnonymousUser(), REVIEW)


def test_object_permission_is_asked_of_the_rules_not_of_the_superuser_shortcut():
    application = ApplicationFactory()
    member = ApplicationMemberFactory(application=application).user
    superuser = UserFactory(is_superuser=True)

    require_perm(member, "participants.answer_attendance", application)
    with pytest.raises(Http404):
        require_perm(superuser, "participants.answer_attendance", application)  # user.has_perm would say yes
    with pytest.raises(Http404):
        require_perm(UserFactory(), "participants.download_cv", application)
    require_perm(superuser, "participants.download_cv", application)  # as a facilitator
