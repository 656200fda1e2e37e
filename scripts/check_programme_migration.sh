#!/bin/sh
# Proof that a database of the release before the programme became its own app (commit 3e628ea) migrates
# forward with no data lost: build it with that release's code and demo data, migrate it with this tree,
# compare the row counts of the programme's tables and the applied migrations. SQLite files under a temp dir;
# no server needed (Celery runs eagerly, mail goes to memory, the cache is local).
#
#   scripts/check_programme_migration.sh [BASE_COMMIT]     # from the root of the repository
set -eu
BASE=${1:-3e628ea}
ROOT=$(pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export CELERY_TASK_ALWAYS_EAGER=1 CACHE_BACKEND=locmem EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export DATABASE_URL="sqlite:///$WORK/accord.sqlite3"

mkdir "$WORK/base"
git archive "$BASE" | tar -x -C "$WORK/base"
(cd "$WORK/base" && "$PY" manage.py migrate -v0 && "$PY" manage.py seed_demo >/dev/null)

COUNT='import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
tables = ["course_room", "course_speaker", "course_pairgroup", "course_pairgroup_pairs", "course_session",
          "course_session_speakers", "course_session_groups", "course_programmerelease", "course_calendarfeedtoken"]
print(json.dumps({t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}, sort_keys=True))'
before=$("$PY" -c "$COUNT" "$WORK/accord.sqlite3")

"$PY" manage.py migrate -v0
after=$("$PY" -c "$COUNT" "$WORK/accord.sqlite3")
"$PY" manage.py migrate --check -v0   # nothing left to apply
"$PY" manage.py shell -c '
from django.contrib.contenttypes.models import ContentType
from programme.models import ProgrammeRelease, Session
assert ContentType.objects.get_for_model(Session).app_label == "programme"
assert not ContentType.objects.filter(app_label="course", model="session").exists()
print("releases", [r.number for r in ProgrammeRelease.objects.order_by("number")], "sessions", Session.objects.count())'

echo "before: $before"
echo "after:  $after"
[ "$before" = "$after" ] || { echo "FAIL: row counts changed"; exit 1; }
echo "$before" | grep -q '"course_session": 0' && { echo "FAIL: the demo programme is empty"; exit 1; }
echo "OK: the programme's rows are all there after migrating forward"
