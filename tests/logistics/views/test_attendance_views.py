import pytest
from django.urls import reverse

from logistics.models import AttendanceMark, SessionCheckIn
from tests.factories.course import CourseFactory
from tests.factories.logistics import AttendanceMarkFactory
from tests.factories.participants import PairFactory, ParticipantFactory
from tests.factories.programme import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client, team):
    client.force_login(team)
    return client


def test_tick_by_htmx_answers_the_row(team_client, cohort):
    course, scientist, _ = cohort
    session = SessionFactory(course=course)
    url = reverse("logistics:tick_list", args=[course.slug, session.pk])

    response = team_client.post(url, {"participant": scientist.pk, "present": "1"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="tick-{scientist.pk}" class="tick is-present"')
    assert '<span id="present-count" hx-swap-oob="true">1</span>' in html
    assert AttendanceMark.objects.filter(session=session, participant=scientist).exists()
    team_client.post(url, {"participant": scientist.pk, "present": "0"})
    assert not AttendanceMark.objects.exists()


def test_tick_of_someone_from_another_course_is_refused(team_client, cohort):
    course, _, _ = cohort
    session = SessionFactory(course=course)
    stranger = ParticipantFactory()

    response = team_client.post(
        reverse("logistics:tick_list", args=[course.slug, session.pk]), {"participant": stranger.pk, "present": "1"}
    )

    assert response.status_code == 302
    assert not AttendanceMark.objects.exists()


def test_room_code_opens_and_closes(team_client, cohort):
    course, _, _ = cohort
    session = SessionFactory(course=course)
    url = reverse("logistics:room_code", args=[course.slug, session.pk])

    team_client.post(url, {"action": "open"})
    page = team_client.get(reverse("logistics:tick_list", args=[course.slug, session.pk])).content.decode()
    code = SessionCheckIn.objects.get().code
    assert code in page
    team_client.post(url, {"action": "close"})
    page = team_client.get(reverse("logistics:tick_list", args=[course.slug, session.pk])).content.decode()
    assert code not in page


@pytest.mark.parametrize("count", [1, 3])
def test_tick_list_queries_do_not_grow(team_client, count, django_assert_num_queries):
    course = CourseFactory()
    session = SessionFactory(course=course)
    for _ in range(count):
        p = ParticipantFactory(pair=PairFactory(course=course))
        AttendanceMarkFactory(participant=p, session=session)
    url = reverse("logistics:tick_list", args=[course.slug, session.pk])
    team_client.get(url)

    with django_assert_num_queries(6):  # user, course, session, check-in, marks, participants
        response = team_client.get(url)

    assert response.content.decode().count("is-present") == count


@pytest.mark.parametrize("count", [1, 3])
def test_sessions_list_queries_do_not_grow(team_client, count, django_assert_num_queries):
    course = CourseFactory()
    for _ in range(count):
        SessionFactory(course=course)
        ParticipantFactory(pair=PairFactory(course=course))
    url = reverse("logistics:attendance", args=[course.slug])
    team_client.get(url)

    with django_assert_num_queries(9):  # user, course, sessions with counts, then the certificate standing
        response = team_client.get(url)

    assert response.status_code == 200
