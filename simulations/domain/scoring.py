"""The scoring sheet of a scenario: a read, for validation, previews, bots, the outcome and the debrief."""

from django.utils.translation import gettext

from simulations import analysis
from simulations.domain.errors import NegotiationError
from simulations.enums import DecisionRuleType
from simulations.models import Delegation, Option, Score


def scoring_sheet(scenario):
    """The scenario's analysis.ScoringSheet, read in three queries."""
    delegations = list(Delegation.objects.filter(scenario_id=scenario.pk).order_by("position", "pk"))
    options = {}
    for option in (
        Option.objects.filter(issue__scenario_id=scenario.pk)
        .select_related("issue")
        .order_by("issue__position", "issue__pk", "position", "pk")
    ):
        options.setdefault(option.issue.key, []).append(option.key)
    scores = {}
    rows = Score.objects.filter(delegation__scenario_id=scenario.pk).values_list(
        "delegation__key", "option__issue__key", "option__key", "points"
    )
    for delegation_key, issue_key, option_key, points in rows:
        scores.setdefault(delegation_key, {}).setdefault(issue_key, {})[option_key] = points
    if scenario.decision_rule == DecisionRuleType.K_OF_N:
        rule = analysis.DecisionRule(
            type=analysis.K_OF_N,
            k=scenario.decision_k,
            required=tuple(d.key for d in delegations if d.is_required),
            veto=tuple(d.key for d in delegations if d.has_veto),
        )
    else:
        rule = analysis.DecisionRule(type=analysis.UNANIMITY)
    return analysis.sheet_from_tables({d.key: d.batna for d in delegations}, options, scores, rule)


def clean_package(scenario, package, sheet=None):
    """The package as {issue_key: option_key} in issue order, or NegotiationError naming what is wrong."""
    sheet = sheet or scoring_sheet(scenario)
    package = {str(k): str(v) for k, v in (package or {}).items() if v not in (None, "")}
    titles = dict(scenario.issues.values_list("key", "title"))
    missing = [titles.get(issue.key, issue.key) for issue in sheet.issues if issue.key not in package]
    if missing:
        raise NegotiationError(
            gettext("Choose an option for every issue; missing: %(issues)s.") % {"issues": ", ".join(missing)}
        )
    try:
        analysis.validate_package(sheet, package)
    except analysis.AnalysisError as exc:
        raise NegotiationError(gettext("This package is not valid: %(reason)s") % {"reason": exc}) from exc
    return {issue.key: package[issue.key] for issue in sheet.issues}
