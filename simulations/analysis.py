"""Exact analysis of a negotiation scenario by enumerating every package.

Pure Python + numpy; no Django. The negotiation room, the debrief and the bots call it.

Vocabulary (all of it is computed over *every* package, i.e. every choice of one option per issue):

- **points** of a delegation for a package: the sum of its points for the chosen options.
- **margin**: points − BATNA. A package **beats the BATNA** of a delegation when the margin is > 0 (strictly),
  as in docs/scenarios.md.
- **joint gain** of a package: Σ over delegations of (points − BATNA), i.e. the sum of margins. No agreement
  has joint gain 0 (everyone gets its BATNA). Used consistently everywhere below.
- **Pareto frontier**: the packages that no other package dominates. q dominates p when q gives every
  delegation ≥ the points of p and at least one delegation strictly more. Two packages with the same score
  vector do not dominate each other, so both can be on the frontier.
- **zone of agreement** (ZOA): the packages that beat every delegation's BATNA.
- **agreement frontier**: the frontier packages inside the ZOA. It equals the Pareto frontier of the ZOA taken
  on its own, because anything that dominates a ZOA package is itself in the ZOA.
- **sincere voting**: each delegation votes "yes" exactly when the package beats its BATNA and "no" otherwise.
  A package is **adoptable** when the decision rule adopts it under sincere voting. Under unanimity the
  adoptable packages are the ZOA; under k of n they can be more (not everyone must gain) or fewer (required
  parties, veto holders).
- **best achievable joint gain**: the largest joint gain of an adoptable package (None when nothing is).
- **distance to the frontier** of an outcome: the largest joint-gain improvement offered by a frontier package
  that gives every delegation at least what the outcome gives it, i.e. the points the table left on the table
  without anyone having to lose. 0 on the frontier. For "no agreement" the outcome is the BATNA vector.
- **Nash package**: the ZOA package maximising Π(points − BATNA); None when the ZOA is empty. It is always on
  the frontier.

Ties are broken by enumeration order: issues in sheet order, the first issue varying slowest, options in
sheet order (``itertools.product``). Packages are plain dicts ``{issue_key: option_key}``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

UNANIMITY = "unanimity"
K_OF_N = "k_of_n"
VOTE_VALUES = ("yes", "no", "abstain")

Package = dict[str, str]


class AnalysisError(ValueError):
    """A sheet, package or vote that cannot be analysed; the message says what is wrong."""


@dataclass(frozen=True)
class DecisionRule:
    """unanimity: everyone votes yes. k_of_n: ≥ k yes, every required party yes, no veto holder votes no."""

    type: str = UNANIMITY
    k: int | None = None
    required: tuple[str, ...] = ()
    veto: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issue:
    key: str
    options: tuple[str, ...]


@dataclass(eq=False)
class ScoringSheet:
    """What the analysis needs from a scenario. Treat as immutable: derived arrays are cached on first use."""

    delegations: tuple[str, ...]
    issues: tuple[Issue, ...]
    points: dict[tuple[str, str, str], float]  # (delegation, issue, option) -> points
    batna: dict[str, float]
    rule: DecisionRule = field(default_factory=DecisionRule)

    def __post_init__(self) -> None:
        _check_sheet(self)

    @property
    def package_count(self) -> int:
        return int(np.prod([len(issue.options) for issue in self.issues], dtype=np.int64))

    @cached_property
    def space(self) -> PackageSpace:
        return PackageSpace.build(self)

    @cached_property
    def integral(self) -> bool:
        """True when every number is a whole number, so results can be reported as ints."""
        values = itertools.chain(self.points.values(), self.batna.values())
        return all(float(value).is_integer() for value in values)


def _check_sheet(sheet: ScoringSheet) -> None:
    if not sheet.delegations:
        raise AnalysisError("A scoring sheet needs at least one delegation.")
    if len(set(sheet.delegations)) != len(sheet.delegations):
        raise AnalysisError("Delegation keys must be unique.")
    if not sheet.issues:
        raise AnalysisError("A scoring sheet needs at least one issue.")
    if len({issue.key for issue in sheet.issues}) != len(sheet.issues):
        raise AnalysisError("Issue keys must be unique.")
    for issue in sheet.issues:
        if not issue.options:
            raise AnalysisError(f"Issue {issue.key!r} has no options.")
        if len(set(issue.options)) != len(issue.options):
            raise AnalysisError(f"Issue {issue.key!r} has a duplicated option.")
    for delegation in sheet.delegations:
        if delegation not in sheet.batna:
            raise AnalysisError(f"Delegation {delegation!r} has no BATNA.")
        for issue in sheet.issues:
            for option in issue.options:
                if (delegation, issue.key, option) not in sheet.points:
                    raise AnalysisError(
                        f"Delegation {delegation!r} has no score for option {option!r} of issue {issue.key!r}."
                    )
    rule = sheet.rule
    if rule.type not in (UNANIMITY, K_OF_N):
        raise AnalysisError(f"Unknown decision rule type {rule.type!r}.")
    if rule.type == K_OF_N and (rule.k is None or not 1 <= rule.k <= len(sheet.delegations)):
        raise AnalysisError(f"k_of_n needs k between 1 and {len(sheet.delegations)}, not {rule.k!r}.")
    for name in (*rule.required, *rule.veto):
        if name not in sheet.delegations:
            raise AnalysisError(f"The decision rule names an unknown delegation {name!r}.")


def sheet_from_scenario_dict(data: Mapping[str, Any]) -> ScoringSheet:
    """Build a sheet from a parsed schema-v1 scenario (``yaml.safe_load`` of a file in fixtures/scenarios/)."""
    try:
        delegations = tuple(str(d["key"]) for d in data["delegations"])
        batna = {str(d["key"]): d["batna"] for d in data["delegations"]}
        issues = tuple(
            Issue(key=str(i["key"]), options=tuple(str(o["key"]) for o in i["options"])) for i in data["issues"]
        )
        scores = data["scores"]
        rule_data = data.get("decision_rule") or {"type": UNANIMITY}
    except (KeyError, TypeError) as exc:
        raise AnalysisError(f"The scenario is missing {exc} or has the wrong shape.") from exc
    points: dict[tuple[str, str, str], float] = {}
    for delegation in delegations:
        by_issue = scores.get(delegation) if isinstance(scores, Mapping) else None
        if not isinstance(by_issue, Mapping):
            raise AnalysisError(f"Delegation {delegation!r} has no scores.")
        for issue in issues:
            by_option = by_issue.get(issue.key)
            if not isinstance(by_option, Mapping):
                raise AnalysisError(f"Delegation {delegation!r} has no scores for issue {issue.key!r}.")
            for option in issue.options:
                if option in by_option:
                    points[(delegation, issue.key, option)] = by_option[option]
    rule = DecisionRule(
        type=str(rule_data.get("type", UNANIMITY)),
        k=rule_data.get("k"),
        required=tuple(rule_data.get("required") or ()),
        veto=tuple(rule_data.get("veto") or ()),
    )
    return ScoringSheet(delegations=delegations, issues=issues, points=points, batna=batna, rule=rule)


def sheet_from_tables(
    batna: Mapping[str, float],
    options: Mapping[str, Sequence[str]],
    scores: Mapping[str, Mapping[str, Mapping[str, float]]],
    rule: DecisionRule | None = None,
) -> ScoringSheet:
    """Build a sheet from plain tables, e.g. read from the database: ``batna`` {delegation: points} and
    ``options`` {issue: [option, ...]} in display order, ``scores`` {delegation: {issue: {option: points}}}."""
    points = {}
    for delegation in batna:
        for issue, keys in options.items():
            for option in keys:
                try:
                    points[(delegation, issue, option)] = scores[delegation][issue][option]
                except KeyError:
                    pass  # reported precisely by the sheet's own check
    return ScoringSheet(
        delegations=tuple(batna),
        issues=tuple(Issue(issue, tuple(keys)) for issue, keys in options.items()),
        points=points,
        batna=dict(batna),
        rule=rule or DecisionRule(),
    )


# --- Package space: every package, its scores and the derived sets, computed once per sheet -----------------


@dataclass(eq=False)
class PackageSpace:
    """All packages of a sheet as arrays. Row r of ``choices`` holds the option index chosen for each issue."""

    choices: np.ndarray  # (P, I) option indices, enumeration order
    scores: np.ndarray  # (P, D) points per delegation
    margins: np.ndarray  # (P, D) points − BATNA
    joint_gains: np.ndarray  # (P,)
    in_zone: np.ndarray  # (P,) bool: beats every BATNA
    adoptable: np.ndarray  # (P,) bool: adopted under sincere voting
    on_frontier: np.ndarray  # (P,) bool: Pareto-optimal over all packages

    @classmethod
    def build(cls, sheet: ScoringSheet) -> PackageSpace:
        sizes = [len(issue.options) for issue in sheet.issues]
        grids = np.meshgrid(*[np.arange(n) for n in sizes], indexing="ij")
        choices = np.stack([g.ravel() for g in grids], axis=1)
        scores = np.zeros((len(choices), len(sheet.delegations)), dtype=np.float64)
        for d_index, delegation in enumerate(sheet.delegations):
            for i_index, issue in enumerate(sheet.issues):
                table = np.array([sheet.points[(delegation, issue.key, o)] for o in issue.options], dtype=np.float64)
                scores[:, d_index] += table[choices[:, i_index]]
        batna = np.array([sheet.batna[d] for d in sheet.delegations], dtype=np.float64)
        margins = scores - batna
        beats = margins > 0
        return cls(
            choices=choices,
            scores=scores,
            margins=margins,
            joint_gains=margins.sum(axis=1),
            in_zone=beats.all(axis=1),
            adoptable=_adopted_by_rule(sheet, beats),
            on_frontier=_pareto_mask(scores),
        )


def _adopted_by_rule(sheet: ScoringSheet, beats: np.ndarray) -> np.ndarray:
    """Sincere voting for every package at once: yes where the package beats the BATNA, no elsewhere."""
    rule = sheet.rule
    if rule.type == UNANIMITY:
        return beats.all(axis=1)
    index = {d: n for n, d in enumerate(sheet.delegations)}
    adopted = beats.sum(axis=1) >= rule.k
    # A required party must vote yes; a veto holder votes no (and blocks) exactly when it does not gain.
    for name in (*rule.required, *rule.veto):
        adopted &= beats[:, index[name]]
    return adopted


def _pareto_mask(scores: np.ndarray, block: int = 256) -> np.ndarray:
    """Which rows no other row dominates.

    q dominates p exactly when q ≥ p everywhere and q's total is larger, so only rows with a larger total need
    comparing: rows are sorted by total (descending) and each block of rows is compared with the rows before it
    and itself, which halves the work. Blocks keep memory small (block × P × D booleans). Exact for whole or
    binary-fractional points (what scenario files hold); float rounding could only matter for differences
    around 1e-16 of the total."""
    totals = scores.sum(axis=1)
    order = np.argsort(-totals, kind="stable")
    ranked, ranked_totals = scores[order], totals[order]
    dominated = np.zeros(len(scores), dtype=bool)
    for start in range(0, len(scores), block):
        stop = min(start + block, len(scores))
        rows, candidates = ranked[start:stop], ranked[:stop]
        covers = (candidates[None, :, :] >= rows[:, None, :]).all(axis=2)
        covers &= ranked_totals[None, :stop] > ranked_totals[start:stop, None]
        dominated[order[start:stop]] = covers.any(axis=1)
    return ~dominated


def _package_at(sheet: ScoringSheet, row: int) -> Package:
    choice = sheet.space.choices[row]
    return {issue.key: issue.options[int(choice[n])] for n, issue in enumerate(sheet.issues)}


def _row_of(sheet: ScoringSheet, package: Mapping[str, str]) -> int:
    validate_package(sheet, package)
    row = 0
    for issue in sheet.issues:
        row = row * len(issue.options) + issue.options.index(package[issue.key])
    return row


def _number(sheet: ScoringSheet, value: float) -> float | int:
    return int(round(float(value))) if sheet.integral else float(value)


# --- Public functions ---------------------------------------------------------------------------------------


def validate_package(sheet: ScoringSheet, package: Mapping[str, str]) -> None:
    """Raise AnalysisError unless the package chooses one known option for every issue and nothing else."""
    known = {issue.key: issue for issue in sheet.issues}
    for key in package:
        if key not in known:
            raise AnalysisError(f"The package names an unknown issue {key!r}.")
    for issue in sheet.issues:
        if issue.key not in package:
            raise AnalysisError(f"The package chooses no option for issue {issue.key!r}.")
        if package[issue.key] not in issue.options:
            raise AnalysisError(f"Issue {issue.key!r} has no option {package[issue.key]!r}.")


def enumerate_packages(sheet: ScoringSheet) -> Iterator[Package]:
    """Every package in enumeration order."""
    keys = [issue.key for issue in sheet.issues]
    for combination in itertools.product(*[issue.options for issue in sheet.issues]):
        yield dict(zip(keys, combination, strict=True))


def score_package(sheet: ScoringSheet, package: Mapping[str, str]) -> dict[str, float]:
    """Points per delegation (in sheet order), summed exactly from the sheet's numbers."""
    validate_package(sheet, package)
    return {
        delegation: sum(sheet.points[(delegation, issue.key, package[issue.key])] for issue in sheet.issues)
        for delegation in sheet.delegations
    }


def beats_batna(sheet: ScoringSheet, delegation: str, package: Mapping[str, str]) -> bool:
    """Whether the package gives the delegation strictly more than its BATNA."""
    if delegation not in sheet.batna:
        raise AnalysisError(f"Unknown delegation {delegation!r}.")
    return score_package(sheet, package)[delegation] > sheet.batna[delegation]


def joint_gain(sheet: ScoringSheet, package: Mapping[str, str] | None) -> float:
    """Σ (points − BATNA) over delegations; 0 for no agreement."""
    if package is None:
        return 0
    points = score_package(sheet, package)
    return sum(points[d] - sheet.batna[d] for d in sheet.delegations)


def sincere_votes(sheet: ScoringSheet, package: Mapping[str, str]) -> dict[str, str]:
    """The votes of delegations that vote yes exactly when the package beats their BATNA, no otherwise."""
    points = score_package(sheet, package)
    return {d: "yes" if points[d] > sheet.batna[d] else "no" for d in sheet.delegations}


def is_adopted(sheet: ScoringSheet, votes: Mapping[str, str]) -> bool:
    """Apply the decision rule to votes (delegation -> "yes" | "no" | "abstain"); a missing vote abstains."""
    for delegation, vote in votes.items():
        if delegation not in sheet.batna:
            raise AnalysisError(f"A vote names an unknown delegation {delegation!r}.")
        if vote not in VOTE_VALUES:
            raise AnalysisError(f"Delegation {delegation!r} cast {vote!r}; a vote is yes, no or abstain.")
    yes = {d for d in sheet.delegations if votes.get(d) == "yes"}
    rule = sheet.rule
    if rule.type == UNANIMITY:
        return len(yes) == len(sheet.delegations)
    if len(yes) < rule.k:
        return False
    if any(d not in yes for d in rule.required):
        return False
    return not any(votes.get(d) == "no" for d in rule.veto)


def is_adoptable(sheet: ScoringSheet, package: Mapping[str, str]) -> bool:
    """Whether the rule adopts the package under sincere voting."""
    return bool(sheet.space.adoptable[_row_of(sheet, package)])


def pareto_frontier(sheet: ScoringSheet) -> list[Package]:
    """Every package that no other package dominates, in enumeration order."""
    return [_package_at(sheet, int(row)) for row in np.flatnonzero(sheet.space.on_frontier)]


def zone_of_agreement(sheet: ScoringSheet) -> list[Package]:
    """Every package that beats every delegation's BATNA, in enumeration order."""
    return [_package_at(sheet, int(row)) for row in np.flatnonzero(sheet.space.in_zone)]


def agreement_frontier(sheet: ScoringSheet) -> list[Package]:
    """The Pareto frontier restricted to the zone of agreement (= the frontier of the ZOA itself)."""
    space = sheet.space
    return [_package_at(sheet, int(row)) for row in np.flatnonzero(space.on_frontier & space.in_zone)]


def adoptable_packages(sheet: ScoringSheet) -> list[Package]:
    """Every package the rule adopts under sincere voting, in enumeration order."""
    return [_package_at(sheet, int(row)) for row in np.flatnonzero(sheet.space.adoptable)]


def is_on_frontier(sheet: ScoringSheet, package: Mapping[str, str]) -> bool:
    return bool(sheet.space.on_frontier[_row_of(sheet, package)])


def _distance_from_scores(sheet: ScoringSheet, scores: np.ndarray, gain: float) -> float:
    space = sheet.space
    frontier_scores = space.scores[space.on_frontier]
    covering = (frontier_scores >= scores).all(axis=1)
    if not covering.any():
        return 0.0
    return max(0.0, float(space.joint_gains[space.on_frontier][covering].max()) - gain)


def distance_to_frontier(sheet: ScoringSheet, package: Mapping[str, str] | None) -> float:
    """Largest joint-gain improvement from a frontier package giving everyone at least as much; 0 on the
    frontier. For no agreement (None) the outcome compared is the BATNA vector, with joint gain 0."""
    space = sheet.space
    if package is None:
        batna = np.array([sheet.batna[d] for d in sheet.delegations], dtype=np.float64)
        return _number(sheet, _distance_from_scores(sheet, batna, 0.0))
    row = _row_of(sheet, package)
    if space.on_frontier[row]:
        return _number(sheet, 0)
    return _number(sheet, _distance_from_scores(sheet, space.scores[row], float(space.joint_gains[row])))


def nash_product_package(sheet: ScoringSheet) -> Package | None:
    """The ZOA package maximising Π(points − BATNA); ties go to the larger joint gain, then enumeration order."""
    space = sheet.space
    rows = np.flatnonzero(space.in_zone)
    if not len(rows):
        return None
    # Sum of logs instead of the product: same argmax, no overflow with many delegations.
    log_products = np.log(space.margins[rows]).sum(axis=1)
    order = np.lexsort((-space.joint_gains[rows], -log_products))
    return _package_at(sheet, int(rows[order[0]]))


def best_achievable_joint_gain(sheet: ScoringSheet) -> float | None:
    """The largest joint gain of an adoptable package (sincere voting); None when no package is adoptable."""
    space = sheet.space
    if not space.adoptable.any():
        return None
    return _number(sheet, space.joint_gains[space.adoptable].max())


def best_package_for(sheet: ScoringSheet, delegation: str, *, acceptable_only: bool = False) -> Package | None:
    """For a bot: the package with the most points for ``delegation`` among those that beat its BATNA; with
    ``acceptable_only`` only among adoptable packages (others voting sincerely). Ties go to the larger joint
    gain, then enumeration order. None when there is no such package."""
    if delegation not in sheet.batna:
        raise AnalysisError(f"Unknown delegation {delegation!r}.")
    space = sheet.space
    column = sheet.delegations.index(delegation)
    mask = space.margins[:, column] > 0
    if acceptable_only:
        mask &= space.adoptable
    rows = np.flatnonzero(mask)
    if not len(rows):
        return None
    order = np.lexsort((-space.joint_gains[rows], -space.scores[rows, column]))
    return _package_at(sheet, int(rows[order[0]]))


# --- Whole-sheet and agreement summaries ------------------------------------------------------------------


@dataclass(frozen=True)
class SheetAnalysis:
    package_count: int
    frontier_size: int
    zone_size: int  # packages in the zone of agreement
    agreement_frontier_size: int
    adoptable_count: int
    best_achievable_joint_gain: float | None
    nash_package: Package | None
    # Delegations whose own best package (every tie) would be adopted with the others voting sincerely.
    self_serving_winners: tuple[str, ...]


def analyse_sheet(sheet: ScoringSheet) -> SheetAnalysis:
    """Everything about a scenario that does not depend on what a table agreed."""
    space = sheet.space
    winners = []
    for column, delegation in enumerate(sheet.delegations):
        best = space.scores[:, column].max()
        if space.adoptable[space.scores[:, column] == best].any():
            winners.append(delegation)
    return SheetAnalysis(
        package_count=len(space.choices),
        frontier_size=int(space.on_frontier.sum()),
        zone_size=int(space.in_zone.sum()),
        agreement_frontier_size=int((space.on_frontier & space.in_zone).sum()),
        adoptable_count=int(space.adoptable.sum()),
        best_achievable_joint_gain=best_achievable_joint_gain(sheet),
        nash_package=nash_product_package(sheet),
        self_serving_winners=tuple(winners),
    )


@dataclass(frozen=True)
class DelegationOutcome:
    delegation: str
    points: float
    batna: float
    margin: float  # points − BATNA
    beats_batna: bool


@dataclass(frozen=True)
class AgreementAnalysis:
    package: Package | None  # None: no agreement, everyone keeps its BATNA
    delegations: tuple[DelegationOutcome, ...]
    joint_gain: float
    on_frontier: bool
    distance_to_frontier: float
    adoptable: bool | None  # would sincere voting adopt it (None for no agreement)
    best_achievable_joint_gain: float | None
    nash_package: Package | None
    frontier_size: int
    agreement_frontier_size: int
    zone_size: int
    package_count: int

    def outcome_for(self, delegation: str) -> DelegationOutcome:
        for outcome in self.delegations:
            if outcome.delegation == delegation:
                return outcome
        raise AnalysisError(f"Unknown delegation {delegation!r}.")


def analyse_agreement(sheet: ScoringSheet, package: Mapping[str, str] | None) -> AgreementAnalysis:
    """The debrief numbers for a table's agreement (a package) or for no agreement (None)."""
    summary = analyse_sheet(sheet)
    if package is None:
        outcomes = tuple(
            DelegationOutcome(d, sheet.batna[d], sheet.batna[d], _number(sheet, 0), False) for d in sheet.delegations
        )
        on_frontier, adoptable, chosen = False, None, None
    else:
        points = score_package(sheet, package)
        outcomes = tuple(
            DelegationOutcome(d, points[d], sheet.batna[d], points[d] - sheet.batna[d], points[d] > sheet.batna[d])
            for d in sheet.delegations
        )
        on_frontier, adoptable = is_on_frontier(sheet, package), is_adoptable(sheet, package)
        chosen = {issue.key: package[issue.key] for issue in sheet.issues}
    return AgreementAnalysis(
        package=chosen,
        delegations=outcomes,
        joint_gain=sum(outcome.margin for outcome in outcomes),
        on_frontier=on_frontier,
        distance_to_frontier=distance_to_frontier(sheet, package),
        adoptable=adoptable,
        best_achievable_joint_gain=summary.best_achievable_joint_gain,
        nash_package=summary.nash_package,
        frontier_size=summary.frontier_size,
        agreement_frontier_size=summary.agreement_frontier_size,
        zone_size=summary.zone_size,
        package_count=summary.package_count,
    )


@dataclass(frozen=True)
class Benchmark:
    """A reference package the debrief compares each table's result with."""

    key: str  # max_joint_gain | max_joint_gain_in_zone | nash
    package: Package | None
    points: dict[str, float]  # per delegation; empty when there is no such package
    joint_gain: float | None


def benchmark_packages(sheet: ScoringSheet) -> list[Benchmark]:
    """The largest joint gain over all packages, the largest where every delegation beats its BATNA, and the
    Nash-product package (ties: larger joint gain, then enumeration order)."""
    space = sheet.space

    def bench(key, row):
        if row is None:
            return Benchmark(key, None, {}, None)
        package = _package_at(sheet, row)
        points = {d: _number(sheet, space.scores[row, n]) for n, d in enumerate(sheet.delegations)}
        return Benchmark(key, package, points, _number(sheet, space.joint_gains[row]))

    zone = np.flatnonzero(space.in_zone)
    nash = nash_product_package(sheet)
    return [
        bench("max_joint_gain", int(np.argmax(space.joint_gains))),
        bench("max_joint_gain_in_zone", int(zone[np.argmax(space.joint_gains[zone])]) if len(zone) else None),
        bench("nash", _row_of(sheet, nash) if nash else None),
    ]
