import re

import pytest
from django.urls import reverse

from programme.models import PairGroup, Room, Speaker
from tests.factories.course import CourseFactory, UserFactory
from tests.factories.participants import make_pair
from tests.factories.programme import PairGroupFactory, RoomFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def setup_url(course):
    return reverse("course:programme_setup", args=[course.slug])


def create_url(course, kind):
    return reverse("course:programme_setup_create", args=[course.slug, kind])


def test_setup_is_404_for_anonymous_and_other_users(client):
    course = CourseFactory()

    anonymous = client.get(setup_url(course))
    client.force_login(UserFactory())
    someone = client.get(setup_url(course))
    post = client.post(create_url(course, "room"), {"room-name": "Sneaky", "room-capacity": "10"})

    assert anonymous.status_code == someone.status_code == post.status_code == 404
    assert not Room.objects.exists()


def test_facilitator_adds_a_speaker_who_can_then_be_chosen_for_a_session(facilitator_client):
    course = CourseFactory()

    response = facilitator_client.post(
        create_url(course, "speaker"),
        {
            "speaker-name": "Dr Ines Moreau",
            "speaker-title": "Science Counsellor",
            "speaker-affiliation": "Embassy Science Office",
            "speaker-bio": "Twenty years between laboratories and ministries.",
        },
    )

    assert response.status_code == 302
    speaker = Speaker.objects.get(course=course)
    assert (speaker.title, speaker.affiliation) == ("Science Counsellor", "Embassy Science Office")
    form = facilitator_client.get(reverse("course:programme_session_create", args=[course.slug])).content.decode()
    assert "Dr Ines Moreau" in form


def test_room_with_a_name_already_used_is_refused_and_what_was_typed_is_kept(facilitator_client):
    course = CourseFactory()
    RoomFactory(course=course, name="Budinich Lecture Hall")
    RoomFactory(name="Seminar Room A")  # another course's room does not count

    refused = facilitator_client.post(
        create_url(course, "room"), {"room-name": "budinich lecture hall", "room-capacity": "40"}
    )
    accepted = facilitator_client.post(
        create_url(course, "room"), {"room-name": "Seminar Room A", "room-capacity": "30"}
    )

    assert refused.status_code == 200
    body = refused.content.decode()
    assert "already has one with this name" in body and 'value="budinich lecture hall"' in body
    assert accepted.status_code == 302
    assert sorted(Room.objects.filter(course=course).values_list("name", flat=True)) == [
        "Budinich Lecture Hall",
        "Seminar Room A",
    ]


def test_group_takes_only_pairs_of_its_course(facilitator_client):
    course = CourseFactory()
    pair, _, _ = make_pair(course=course)
    other_pair, _, _ = make_pair()

    refused = facilitator_client.post(
        create_url(course, "group"), {"group-name": "Group A", "group-pairs": [pair.pk, other_pair.pk]}
    )
    accepted = facilitator_client.post(create_url(course, "group"), {"group-name": "Group A", "group-pairs": [pair.pk]})

    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert accepted.status_code == 302
    assert list(PairGroup.objects.get(course=course).pairs.all()) == [pair]


def test_edit_a_group_changes_its_pairs(facilitator_client):
    course = CourseFactory()
    first, _, _ = make_pair(course=course)
    second, _, _ = make_pair(course=course)
    group = PairGroupFactory(course=course, name="Group B", pairs=[first])
    url = reverse("course:programme_setup_edit", args=[course.slug, "group", group.pk])

    page = facilitator_client.get(url)
    response = facilitator_client.post(url, {"name": "Group B", "pairs": [second.pk]})

    assert page.status_code == 200
    assert response.status_code == 302
    assert list(group.pairs.all()) == [second]


def test_edit_of_another_courses_item_or_an_unknown_kind_is_404(facilitator_client):
    course = CourseFactory()
    elsewhere = SpeakerFactory()

    other = facilitator_client.get(reverse("course:programme_setup_edit", args=[course.slug, "speaker", elsewhere.pk]))
    unknown = facilitator_client.post(create_url(course, "session"), {"session-name": "x"})

    assert other.status_code == unknown.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_setup_page_queries_do_not_grow(facilitator_client, django_assert_num_queries, count):
    course = CourseFactory()
    pairs = [make_pair(course=course)[0] for _ in range(count)]
    for _ in range(count):
        RoomFactory(course=course)
        SpeakerFactory(course=course)
        PairGroupFactory(course=course, pairs=pairs)

    with django_assert_num_queries(9):
        response = facilitator_client.get(setup_url(course))

    assert len(re.findall(r"/programme/edit/setup/group/\d+/", response.content.decode())) == count


@pytest.mark.parametrize(
    "kind,data",
    [
        ("room", {"room-name": "Hall\x00", "room-capacity": "40"}),
        ("room", {"room-name": "Hall", "room-capacity": "99999999999"}),
        ("speaker", {"speaker-name": "Dr X", "speaker-bio": "bio\x00"}),
        ("group", {"group-name": "Group A", "group-pairs": ["\x00", "1e9", "-1"]}),
    ],
)
def test_setup_refuses_odd_input_with_a_reason_and_saves_nothing(facilitator_client, kind, data):
    course = CourseFactory()

    response = facilitator_client.post(create_url(course, kind), data)

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not (Room.objects.exists() or Speaker.objects.exists() or PairGroup.objects.exists())
