import pytest
from django.urls import reverse

from programme.domain.releases import publish_release
from programme.enums import MaterialVisibility
from tests.factories.course import CourseFactory
from tests.factories.programme import MaterialFactory
from tests.programme.support import published_week

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["course:programme_json", "course:programme_xml", "course:programme_pdf"])
def test_export_answers_304_to_its_etag_until_a_new_release(client, name):
    week = published_week()
    url = reverse(name, args=[week.course.slug])

    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    weak = client.get(url, HTTP_IF_NONE_MATCH=f"W/{first['ETag']}")
    week.lecture.title = "Renamed"
    week.lecture.save()
    publish_release(week.course, title="Renamed", notify=False)
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"]
    assert again.status_code == 304 and weak.status_code == 304
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_a_new_public_material_changes_the_schedule_etag(client):
    week = published_week()
    url = reverse("course:programme_json", args=[week.course.slug])
    etag = client.get(url)["ETag"]

    MaterialFactory(session=week.lecture, visibility=MaterialVisibility.PUBLIC, title="Late handout")

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Late handout" in response.content.decode()


def test_pdf_is_a_pdf_download_of_the_chosen_day(client):
    week = published_week()
    day = week.course.starts_on.isoformat()

    response = client.get(reverse("course:programme_pdf", args=[week.course.slug]) + f"?day={day}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"day-{day}" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("", ["Science for diplomacy", "Other group's workshop"], []),
        ("?day={day1}", ["Science for diplomacy"], ["Other group's workshop"]),
        ("?track=skills", [], ["Science for diplomacy"]),
    ],
)
def test_print_view_per_day_track_or_week(client, query, shown, hidden):
    week = published_week()
    query = query.format(day1=week.course.starts_on.isoformat())

    body = client.get(reverse("course:programme_print", args=[week.course.slug]) + query).content.decode()

    assert all(title.replace("'", "&#x27;") in body for title in shown)
    assert not any(title.replace("'", "&#x27;") in body for title in hidden)
    assert 'name="viewport"' in body


def test_exports_404_before_the_first_release(client):
    course = CourseFactory()
    for name in ("course:programme_json", "course:programme_xml", "course:programme_pdf", "course:programme_print"):
        assert client.get(reverse(name, args=[course.slug])).status_code == 404
