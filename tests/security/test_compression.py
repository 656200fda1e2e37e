"""Which HTML answers are compressed (docs/deploy.md, "Compression"): never the room, whose confidential brief sits
beside text other delegations type (BREACH); the selection board and a finished run's debrief, which are heavy
and have no such mix, are, padded by Django against BREACH."""

import gzip

import pytest
from django.urls import reverse

from simulations.domain.engine import finish_run
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.negotiation import seated_run, two_by_two
from tests.factories.review import submitted_application

pytestmark = pytest.mark.django_db

ACCEPTS_GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_the_room_is_never_compressed(client):
    run, pairs = seated_run(two_by_two())
    client.force_login(pairs["a"][1].user)

    response = client.get(reverse("simulations:room", args=[run.pk]), **ACCEPTS_GZIP)

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"</html>" in response.content


def test_the_selection_board_is_compressed_for_a_browser_that_accepts_it(client):
    course = CourseFactory()
    submitted_application(course)
    client.force_login(FacilitatorFactory())
    url = reverse("participants:selection_board", args=[course.slug])

    compressed = client.get(url, **ACCEPTS_GZIP)
    plain = client.get(url)

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert b"</html>" in gzip.decompress(compressed.content)
    assert "Content-Encoding" not in plain and b"</html>" in plain.content


def test_a_finished_debrief_is_compressed_and_padded_differently_each_time(client):
    run, pairs = seated_run(two_by_two())
    finish_run(run)
    client.force_login(pairs["a"][1].user)
    url = reverse("simulations:debrief", args=[run.pk])

    first, second = client.get(url, **ACCEPTS_GZIP), client.get(url, **ACCEPTS_GZIP)

    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content).count(b"</html>") == 1
    # Django's BREACH mitigation: random bytes in the gzip header, so equal pages differ in length on the wire.
    lengths = {len(client.get(url, **ACCEPTS_GZIP).content) for _ in range(6)} | {
        len(first.content),
        len(second.content),
    }
    assert len(lengths) > 1
