"""Every inline import (ruff's PLC0415, on for the whole project) names one reason from the fixed list in
docs/architecture.md ("Inline imports"), so that a new one is a decision, not a habit."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REASONS = {"app registry", "after setup", "optional", "slow import", "leaf"}
NOQA = re.compile(r"#\s*noqa:[^#]*\bPLC0415\b(?P<rest>.*)$")


def project_files():
    skip = {".venv", "var", "node_modules", "staticfiles", "migrations", "test-artifacts"}
    for path in ROOT.rglob("*.py"):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path


def test_every_inline_import_names_an_allowed_reason():
    bad = []
    for path in project_files():
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            match = NOQA.search(line)
            if not match:
                continue
            reason = re.match(r"\s*\(([^):]+)", match["rest"])
            if not reason or reason.group(1).strip() not in REASONS:
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bad, "Inline imports without an allowed reason:\n" + "\n".join(bad)


def test_the_reasons_are_the_ones_the_architecture_document_lists():
    text = (ROOT / "docs" / "architecture.md").read_text()
    for reason in REASONS:
        assert f'"{reason}"' in text
