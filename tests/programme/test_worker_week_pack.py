import io
import time
import zipfile

import pytest
from django.conf import settings

from programme.domain.week_pack import request_week_pack
from programme.enums import PackState
from programme.models import WeekPack
from tests.programme.support import published_week

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_week_pack_is_built_by_a_real_worker_with_progress(celery_processes):
    celery_processes.env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)  # the worker reads the materials saved here
    celery_processes.start_worker(concurrency=1)
    celery_processes.wait_until_ready()
    week = published_week()

    pack = request_week_pack(week.participant.user, week.course)
    assert pack.state == PackState.QUEUED

    seen, deadline = set(), time.monotonic() + 60
    while time.monotonic() < deadline:
        current = WeekPack.objects.get(pk=pack.pk)
        seen.add((current.state, current.progress))
        if current.state in (PackState.READY, PackState.FAILED):
            break
        time.sleep(0.05)
    assert current.state == PackState.READY, (current.error, celery_processes.log_text()[-3000:])
    assert current.progress == 100
    with current.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert "programme.pdf" in names and any("Public slides" in n for n in names)
    # Asked again with nothing changed: the ready pack is kept, nothing is queued.
    again = request_week_pack(week.participant.user, week.course)
    assert again.state == PackState.READY and again.file.name == current.file.name
