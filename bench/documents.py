"""Benchmark: 50 visa invitation letters, made the way the Celery batch makes them.

Builds a course with 25 confirmed pairs (50 participants, each with passport details, asking for a letter) in a
throw-away database (a test database on PostgreSQL when DATABASE_URL is set, otherwise a temporary SQLite
file), then runs the batch's domain function (logistics.domain.jobs.run_document_job, what the worker runs)
in this process and times it end to end: rendering each PDF with WeasyPrint, storing it, the visa transition
and the audit rows. One letter is made first as a warm-up (fonts and the stylesheet are loaded once per
process, as in a worker). Target: under 200 ms per letter.

Run from the repository root: .venv/bin/python bench/documents.py [--letters N]
The last line printed is one JSON object.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment  # noqa: E402


def build(course, count):
    from logistics.enums import VisaStatus
    from logistics.models import PassportDetails, VisaCase
    from tests.factories.participants import make_pair

    countries = ["KE", "NG", "GH", "IN", "BR", "MX", "EG", "ID", "VN", "PK", "CO", "ZA", "PE"]
    people = []
    for i in range(count // 2):
        _, scientist, policymaker = make_pair(course=course, country=countries[i % len(countries)])
        people += [scientist, policymaker]
    PassportDetails.objects.bulk_create(
        [
            PassportDetails(
                participant=p,
                name_in_passport=p.full_name.upper(),
                passport_number=f"P{p.country.code}{7310450 + n}",
                nationality=p.country.code,
            )
            for n, p in enumerate(people)
        ]
    )
    VisaCase.objects.bulk_create([VisaCase(participant=p, status=VisaStatus.LETTER_REQUESTED) for p in people])
    return people


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=50)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    media = tempfile.TemporaryDirectory(prefix="accord-bench-documents-")
    try:
        with override_settings(MEDIA_ROOT=media.name):
            from logistics.domain.documents import issue_document
            from logistics.domain.jobs import run_document_job
            from logistics.enums import DocumentKind, JobStatus
            from logistics.models import DocumentJob, IssuedDocument
            from tests.factories.course import CourseFactory, FacilitatorFactory

            course = CourseFactory(title="Course on Science Diplomacy (benchmark)")
            team = FacilitatorFactory()
            warm = build(course, 2)[0]
            t0 = time.perf_counter()
            issue_document(warm, DocumentKind.VISA_LETTER, by=team, mail=False)
            first_ms = (time.perf_counter() - t0) * 1000
            people = build(course, args.letters)
            job = DocumentJob.objects.create(
                course=course,
                kind=DocumentKind.VISA_LETTER,
                participant_ids=[p.pk for p in people],
                total=len(people),
                created_by=team,
            )

            t0 = time.perf_counter()
            issued = run_document_job(job.pk)
            seconds = time.perf_counter() - t0

            job.refresh_from_db()
            assert job.status == JobStatus.DONE and issued == args.letters, (job.status, issued, job.error)
            sizes = [d.pdf.size for d in IssuedDocument.objects.filter(job=job)]
            ms_per_letter = seconds * 1000 / issued
            result = {
                "benchmark": "documents",
                "database": connection.vendor,
                "letters": issued,
                "seconds": round(seconds, 2),
                "ms_per_letter": round(ms_per_letter, 1),
                "first_letter_ms": round(first_ms, 1),
                "pdf_kb_median": round(sorted(sizes)[len(sizes) // 2] / 1024, 1),
                "ok": ms_per_letter < 200,
            }
    finally:
        media.cleanup()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
