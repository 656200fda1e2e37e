"""The negotiation dance of a run: its tabled proposals and amendments, read in order and analysed by
``simulations.dance`` (pure; definitions there and in docs/negotiation.md). A read: it writes nothing."""

from simulations import analysis
from simulations.dance import Tabled, dance
from simulations.models import Proposal


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
