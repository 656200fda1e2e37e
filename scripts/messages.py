#!/usr/bin/env python3
"""Translation catalogues: extract the marked strings, and compile them for Django.

    python scripts/messages.py compile   # every <app>/locale and locale/ django.po -> django.mo (Babel; no gettext)
    python scripts/messages.py extract   # makemessages for every shipped language (needs GNU gettext's xgettext)

``compile`` runs in ``make run`` and ``make test`` and at the start of the test session; the .mo files are build
output and are not committed. ``extract`` is what a developer runs after marking strings; tests/test_translations.py
runs it in a scratch copy and fails if the committed catalogues are behind the code (docs/i18n.md).
"""

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

BASE_DIR = Path(__file__).resolve().parent.parent
SHIPPED = ["fr", "es", "pt", "ar"]
SKIP_DIRS = {".venv", ".git", "node_modules", "var", "staticfiles", "test-artifacts", "__pycache__"}
# Never scanned for strings: not pages (tests, benchmarks, scripts, migrations, fixtures, docs).
NOT_SOURCE = ["tests", "bench", "scripts", "fixtures", "docs", "migrations", "node_modules", "var", "staticfiles"]
# The course team's own pages are marked (so they can be translated) but the shipped catalogues cover the pages
# an applicant, a referee or a participant sees; these paths are left out of them (docs/i18n.md, "Scope").
TEAM_ONLY = [
    "course/admin.py",
    "course/admin_login.py",
    "course/forms.py",
    "evaluation/charts.py",
    "evaluation/domain/queries/report.py",
    "evaluation/templates/evaluation/team/*",
    "evaluation/views/team.py",
    "logistics/domain/jobs.py",
    "logistics/templates/logistics/pdf/*",
    "logistics/templates/logistics/team/*",
    "logistics/views/attendance.py",
    "logistics/views/team.py",
    "overview",
    "participants/admin.py",
    "participants/admin_selection.py",
    "participants/demo/*",
    "participants/domain/call_setup.py",
    "participants/domain/group_mail.py",
    "participants/forms/call_setup.py",
    "participants/templates/admin/*",
    "participants/templates/participants/call/*",
    "participants/templates/participants/review/assignments.html",
    "participants/templates/participants/review/progress.html",
    "participants/templates/participants/review/settings.html",
    "participants/templates/participants/selection/*",
    "participants/views/call_setup.py",
    "participants/views/group_mail.py",
    "programme/domain/conflicts.py",
    "programme/domain/materials.py",
    "programme/domain/programme.py",
    "programme/domain/speakers.py",
    "programme/templates/programme/_setup_add.html",
    "programme/templates/programme/editor.html",
    "programme/templates/programme/email/speaker_sign_in.txt",
    "programme/templates/programme/publish.html",
    "programme/templates/programme/session_form.html",
    "programme/templates/programme/setup.html",
    "programme/templates/programme/setup_form.html",
    "programme/templates/programme/speaker_area.html",
    "programme/templates/programme/speaker_sign_in.html",
    "programme/templates/programme/speaker_status.html",
    "programme/views/editor.py",
    "programme/views/session_materials.py",
    "programme/views/setup.py",
    "programme/views/speaker_team.py",
    "programme/views/speakers.py",
    "simulations/domain/console.py",
    "simulations/domain/engine.py",
    "simulations/domain/post_settlement.py",
    "simulations/domain/runs.py",
    "simulations/forms.py",
    "simulations/templates/simulations/console/*",
    "simulations/templates/simulations/control_confirm.html",
    "simulations/templates/simulations/run_detail.html",
    "simulations/templates/simulations/run_list.html",
    "simulations/views/console.py",
    "simulations/views/facilitator.py",
]


def marked_areas(base=BASE_DIR):
    """The top-level folders whose templates must be fully marked for translation.

    The project's own templates/ always; an app once it ships its catalogue (<app>/locale) or is listed as
    team-only. An app joins when its strings are marked and translated, so the check never passes on a half-done
    area and never blocks work on an area not yet started (docs/i18n.md, "Coverage").
    """

    areas = {"templates"}
    for child in base.iterdir():
        if (child / "templates").is_dir() and ((child / "locale").is_dir() or child.name in TEAM_ONLY):
            areas.add(child.name)
    return areas


def catalogues(base=BASE_DIR):
    for root, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        if "django.po" in files and Path(root).name == "LC_MESSAGES":
            yield Path(root) / "django.po"


def compile_catalogues(base=BASE_DIR, force=False):
    compiled = 0
    for po_path in catalogues(base):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)  # fuzzy entries are left out, as msgfmt does
        compiled += 1
    return compiled


def extract_catalogues(base=BASE_DIR):
    """makemessages for the shipped languages into every app's locale/ (and locale/ for templates/ and config/)."""

    (base / "locale").mkdir(exist_ok=True)
    ignore = []
    for pattern in NOT_SOURCE + TEAM_ONLY:
        ignore += ["--ignore", pattern]
    for domain in ("django",):
        command = [sys.executable, "manage.py", "makemessages", "--domain", domain, "--no-location", "--no-obsolete"]
        for language in SHIPPED:
            command += ["--locale", language]
        subprocess.run(command + ignore, cwd=base, check=True)


def main(argv):
    if argv[1:] == ["compile"]:
        print(f"compiled {compile_catalogues()} catalogue(s)")
    elif argv[1:] == ["extract"]:
        extract_catalogues()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
