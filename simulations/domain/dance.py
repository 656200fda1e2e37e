"""The negotiation dance of a run: its tabled proposals and amendments, read in order and analysed by
``simulations.dance`` (pure; definitions there and in docs/negotiation.md). A read: it writes nothing."""

import threading
from collections import OrderedDict

from simulations import analysis
from simulations.dance import Tabled, dance
from simulations.domain.versions import run_sheet
from simulations.models import Proposal

# Scenario versions never change, so their sheets (with the package space, the costly part: ~0.1–0.4 s for
# 3,125 packages × 8 delegations) are kept per process for the facilitator's live view, which redraws the
# dance after every change at the table.
_SHEETS = OrderedDict()
_SHEETS_LOCK = threading.Lock()
SHEETS_KEPT = 16


def version_sheet(run):
    """The run's scoring sheet, shared per scenario version within the process (built once)."""
    if not run.scenario_version_id:
        return run_sheet(run)
    with _SHEETS_LOCK:
        sheet = _SHEETS.get(run.scenario_version_id)
        if sheet is not None:
            _SHEETS.move_to_end(run.scenario_version_id)
            return sheet
    sheet = run_sheet(run)
    sheet.space  # noqa: B018 (built once here, outside the lock)
    with _SHEETS_LOCK:
        _SHEETS[run.scenario_version_id] = sheet
        while len(_SHEETS) > SHEETS_KEPT:
            _SHEETS.popitem(last=False)
    return sheet


def tabled_of(run, *, until=None):
    """Every proposal and amendment of the run in the order tabled (up to ``until``, a datetime, if given)."""
    proposals = Proposal.objects.filter(run_id=run.pk).select_related("delegation").order_by("created_at", "pk")
    if until is not None:
        proposals = proposals.filter(created_at__lte=until)
    return [
        Tabled(
            key=str(p.pk),
            label=p.label,
            delegation=p.delegation.key,
            package=p.package,
            parent=str(p.parent_id) if p.parent_id else None,
            at=p.created_at,
        )
        for p in proposals
    ]


def dance_of(run, sheet, *, until=None):
    """The run's dance against ``sheet`` (the run's scoring sheet); packages the sheet cannot score (another
    version of the scenario) are left out."""
    tabled = []
    for item in tabled_of(run, until=until):
        try:
            analysis.validate_package(sheet, item.package)
        except analysis.AnalysisError:
            continue
        tabled.append(item)
    return dance(sheet, tabled)
