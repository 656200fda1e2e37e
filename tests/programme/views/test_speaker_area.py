import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme.domain import speakers as speaking
from programme.enums import ConfirmationState, MaterialVisibility
from programme.models import Material, SpeakerAvailability, SpeakerConfirmation
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.factories.programme import TINY_PDF, SessionFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def signed_in_speaker(client, **kwargs):
    speaker = SpeakerFactory(email="ana@speakers.example", **kwargs)
    user, _ = speaking.use_sign_in_link(speaking.issue_sign_in_link(speaker))
    client.force_login(user)
    speaker.refresh_from_db()
    return speaker


def area_url(speaker):
    return reverse("course:speaker_area", args=[speaker.course.slug])


def test_sign_in_page_spends_nothing_until_the_button_is_pressed(client):
    speaker = SpeakerFactory(email="ana@speakers.example")
    token = speaking.issue_sign_in_link(speaker)
    url = reverse("course:speaker_sign_in", args=[token])

    shown = client.get(url)
    signed_in = client.post(url)
    reused = client.post(url)

    assert shown.status_code == 200 and b"Sign in as" in shown.content
    assert signed_in.status_code == 302 and signed_in["Location"] == area_url(speaker)
    assert client.get(area_url(speaker)).status_code == 200
    assert reused.status_code == 410 and b"already used" in reused.content


def test_sign_in_refused_when_signed_in_as_someone_else(client):
    speaker = SpeakerFactory(email="ana@speakers.example")
    token = speaking.issue_sign_in_link(speaker)
    client.force_login(UserFactory(email="other@example.org"))

    response = client.post(reverse("course:speaker_sign_in", args=[token]))

    assert response.status_code == 403 and b"This link is for ana@speakers.example" in response.content


def test_area_shows_sessions_in_the_course_zone_and_the_speakers_own(client):
    speaker = signed_in_speaker(client, timezone="America/Bogota")
    SessionFactory(course=speaker.course, speakers=[speaker], title="Opening lecture")

    body = client.get(area_url(speaker)).content.decode()

    assert "Opening lecture" in body
    assert "09:00" in body and "CEST (UTC+2)" in body
    assert "Your time:" in body and "02:00" in body and "(UTC-5)" in body


def test_area_is_404_for_a_user_who_is_not_a_speaker_of_the_edition(client):
    speaker = SpeakerFactory(user=UserFactory())
    client.force_login(speaker.user)
    other_course = CourseFactory()

    assert client.get(reverse("course:speaker_area", args=[other_course.slug])).status_code == 404


def test_speaker_confirms_and_asks_for_a_change(client):
    speaker = signed_in_speaker(client)
    session = SessionFactory(course=speaker.course, speakers=[speaker])
    url = reverse("course:speaker_answer", args=[speaker.course.slug, session.pk])

    client.post(url, {"state": ConfirmationState.CHANGE_REQUESTED, "note": "Could it be Tuesday?"})
    answer = SpeakerConfirmation.objects.get()
    assert answer.state == ConfirmationState.CHANGE_REQUESTED and answer.note == "Could it be Tuesday?"
    client.post(url, {"state": ConfirmationState.CONFIRMED})
    answer.refresh_from_db()
    assert answer.state == ConfirmationState.CONFIRMED


def test_speaker_uploads_slides_and_a_wrong_file_is_refused_in_place(client):
    speaker = signed_in_speaker(client)
    session = SessionFactory(course=speaker.course, speakers=[speaker])
    url = reverse("course:speaker_upload", args=[speaker.course.slug, session.pk])

    ok = client.post(
        url,
        {"title": "My slides", "kind": "slides", "visibility": "public", "file": SimpleUploadedFile("s.pdf", TINY_PDF)},
    )
    refused = client.post(
        url,
        {"title": "x", "kind": "slides", "visibility": "public", "file": SimpleUploadedFile("s.pdf", b"<html>")},
    )

    assert ok.status_code == 302
    assert refused.status_code == 400 and b"not a document we accept" in refused.content
    (material,) = Material.objects.all()
    assert material.speaker == speaker and material.visibility == MaterialVisibility.PUBLIC


def test_speaker_cannot_upload_to_someone_elses_session(client):
    speaker = signed_in_speaker(client)
    session = SessionFactory(course=speaker.course)

    response = client.post(
        reverse("course:speaker_upload", args=[speaker.course.slug, session.pk]),
        {"kind": "slides", "visibility": "public", "file": SimpleUploadedFile("s.pdf", TINY_PDF)},
    )

    assert response.status_code == 404 and not Material.objects.exists()


def test_speaker_gives_availability_in_the_course_zone(client):
    speaker = signed_in_speaker(client)
    day = speaker.course.starts_on

    client.post(
        reverse("course:speaker_availability", args=[speaker.course.slug]),
        {"day": day.isoformat(), "start_time": "08:00", "end_time": "12:00"},
    )

    window = SpeakerAvailability.objects.get()
    assert window.starts_at == local(speaker.course, 0, 8) and window.ends_at == local(speaker.course, 0, 12)


def test_speaker_profile_takes_a_png_and_refuses_svg(client):
    speaker = signed_in_speaker(client)
    url = reverse("course:speaker_profile", args=[speaker.course.slug])

    refused = client.post(
        url, {"bio": "b", "timezone_name": "", "photo": SimpleUploadedFile("p.png", b"<svg onload=alert(1)/>")}
    )
    saved = client.post(url, {"bio": "New bio", "timezone_name": "Asia/Kolkata", "photo": SimpleUploadedFile("p", PNG)})

    speaker.refresh_from_db()
    assert refused.status_code == 400
    assert saved.status_code == 302
    assert speaker.bio == "New bio" and speaker.timezone == "Asia/Kolkata" and speaker.photo.name.endswith(".png")
    photo = client.get(reverse("course:speaker_photo", args=[speaker.course.slug, speaker.pk]))
    assert photo["Content-Type"] == "image/png" and photo["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("count", [1, 3])
def test_speaker_area_queries_do_not_grow_with_sessions(client, django_assert_num_queries, count):
    speaker = signed_in_speaker(client)
    for hour in range(count):
        SessionFactory(course=speaker.course, speakers=[speaker], starts_at=local(speaker.course, 0, 9 + hour))

    with django_assert_num_queries(8):
        response = client.get(area_url(speaker))

    assert response.status_code == 200


def test_team_reminds_speakers_with_one_action(client, django_capture_on_commit_callbacks):
    speaker = SpeakerFactory(email="late@speakers.example")
    SessionFactory(course=speaker.course, speakers=[speaker])
    client.force_login(FacilitatorFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("course:programme_speaker_remind", args=[speaker.course.slug]))

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["late@speakers.example"]]


def test_login_of_a_speaker_puts_the_speaker_area_in_the_menu(client):
    user = UserFactory(email="ana@speakers.example")
    speaker = SpeakerFactory(user=user)

    client.post(reverse("account_login"), {"login": user.email, "password": "pw-accord-test"})
    body = client.get(reverse("course:programme", args=[speaker.course.slug])).content.decode()

    assert reverse("course:speaker_area", args=[speaker.course.slug]) in body


def test_team_sees_the_change_a_speaker_asked_for(client):
    speaker = SpeakerFactory(email="ana@speakers.example")
    session = SessionFactory(course=speaker.course, speakers=[speaker], title="Water diplomacy")
    speaking.answer_session(speaker, session, state=ConfirmationState.CHANGE_REQUESTED, note="Tuesday, please")
    client.force_login(FacilitatorFactory())

    body = client.get(reverse("course:programme_speaker_status", args=[speaker.course.slug])).content.decode()

    assert "Water diplomacy" in body and "Tuesday, please" in body
