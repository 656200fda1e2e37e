"""course.triggers finds a task by name in a fresh web process, where no tasks module has been imported yet."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import django
django.setup()
assert "participants.tasks" not in sys.modules
from course.triggers import task_named
for name in sys.argv[1:]:
    print(task_named(name).name)
"""

NAMES = ["participants.tasks.send_mail_task", "participants.tasks.send_outbox", "participants.tasks.promote_waitlist"]


def test_task_named_imports_the_tasks_modules_in_a_fresh_process():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *NAMES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == NAMES
