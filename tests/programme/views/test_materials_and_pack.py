import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme.enums import PackState
from programme.models import Material, WeekPack
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.factories.participants import make_pair
from tests.factories.programme import TINY_PDF, SpeakerFactory
from tests.programme.support import published_week

pytestmark = pytest.mark.django_db


def download(client, week, material):
    return client.get(reverse("course:material_download", args=[week.course.slug, material.pk]))


def test_public_material_is_a_download_for_anyone(client):
    week = published_week()

    response = download(client, week, week.public_material)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["anonymous", "participant_of_another_edition", "stranger"])
def test_cohort_material_is_404_outside_the_edition(client, who):
    week = published_week()
    if who == "participant_of_another_edition":
        _pair, other_participant, _ = make_pair(course=CourseFactory())
        client.force_login(other_participant.user)
    elif who == "stranger":
        client.force_login(UserFactory())

    assert download(client, week, week.cohort_material).status_code == 404


@pytest.mark.parametrize("who", ["participant", "speaker", "facilitator"])
def test_cohort_material_opens_for_the_edition(client, who):
    week = published_week()
    user = {
        "participant": lambda: week.participant.user,
        "speaker": lambda: SpeakerFactory(course=week.course, user=UserFactory()).user,
        "facilitator": FacilitatorFactory,
    }[who]()
    client.force_login(user)

    assert download(client, week, week.cohort_material).status_code == 200


def test_material_of_another_course_is_404_under_this_courses_url(client):
    week = published_week()
    other = published_week()

    response = client.get(reverse("course:material_download", args=[week.course.slug, other.public_material.pk]))

    assert response.status_code == 404


def test_session_page_lists_materials_for_the_reader(client):
    week = published_week()
    url = reverse("course:programme_session", args=[week.course.slug, week.lecture.uid])

    public_view = client.get(url).content.decode()
    client.force_login(week.participant.user)
    cohort_view = client.get(url).content.decode()

    assert "Public slides" in public_view and "Cohort reading" not in public_view
    assert "Public slides" in cohort_view and "Cohort reading" in cohort_view


def test_agenda_lists_the_sessions_materials(client):
    week = published_week()
    client.force_login(week.participant.user)

    body = client.get(reverse("course:agenda", args=[week.course.slug])).content.decode()

    assert "Cohort reading" in body and "Build my week pack" in body


def test_week_pack_build_poll_and_download(client, django_capture_on_commit_callbacks):
    week = published_week()
    client.force_login(week.participant.user)
    url = reverse("course:week_pack", args=[week.course.slug])

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url, HTTP_HX_REQUEST="true")
    polled = client.get(url, HTTP_HX_REQUEST="true")
    downloaded = client.get(reverse("course:week_pack_download", args=[week.course.slug]))

    assert started.status_code == 200
    assert polled.status_code == 286 and b"Download the week pack" in polled.content
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/zip"
    assert downloaded["Content-Disposition"].startswith("attachment;")


def test_week_pack_is_404_for_a_participant_of_another_edition(client):
    week = published_week()
    _pair, other, _ = make_pair(course=CourseFactory())
    client.force_login(other.user)

    assert client.post(reverse("course:week_pack", args=[week.course.slug])).status_code == 404
    assert client.get(reverse("course:week_pack_download", args=[week.course.slug])).status_code == 404


def test_week_pack_still_building_keeps_polling(client):
    week = published_week()
    WeekPack.objects.create(user=week.participant.user, course=week.course, state=PackState.BUILDING, progress=40)
    client.force_login(week.participant.user)

    response = client.get(reverse("course:week_pack", args=[week.course.slug]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and b'value="40"' in response.content and b"every 1s" in response.content


@pytest.mark.parametrize("count", [1, 3])
def test_speaker_status_page_queries_do_not_grow(client, django_assert_num_queries, count):
    course = CourseFactory()
    for _ in range(count):
        SpeakerFactory(course=course, email="s@speakers.example")
    client.force_login(FacilitatorFactory())

    with django_assert_num_queries(4):
        response = client.get(reverse("course:programme_speaker_status", args=[course.slug]))

    assert response.status_code == 200


def test_team_uploads_and_removes_a_sessions_material_from_its_edit_page(client):
    week = published_week(materials=False)
    client.force_login(FacilitatorFactory())
    upload = reverse("course:programme_session_materials", args=[week.course.slug, week.simulation.pk])

    client.post(
        upload,
        {
            "title": "Rules of the game",
            "kind": "reading",
            "visibility": "public",
            "file": SimpleUploadedFile("r", TINY_PDF),
        },
    )
    refused = client.post(
        upload,
        {"title": "x", "kind": "reading", "visibility": "public", "file": SimpleUploadedFile("r", b"MZ\x90")},
        follow=True,
    )
    (material,) = Material.objects.all()
    page = client.get(reverse("course:programme_session_edit", args=[week.course.slug, week.simulation.pk]))
    client.post(reverse("course:programme_material_remove", args=[week.course.slug, material.pk]))

    assert material.title == "Rules of the game" and material.speaker is None
    assert "not a document we accept" in refused.content.decode()
    assert "Rules of the game" in page.content.decode()
    assert not Material.objects.exists()
