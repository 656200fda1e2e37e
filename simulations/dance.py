"""Beyond the frontier: the negotiation dance, the post-settlement candidates, and estimates of the other side.

Pure Python + numpy over ``simulations.analysis``; no Django. The debrief, the facilitator's live view, the
post-settlement round and the bench call it. Definitions (also in docs/negotiation.md and on the debrief):

**Moves.** The tabled packages of a run (every proposal and amendment) in the order they were tabled form the
dance. A package is a *move* by the delegation that tabled it, from a reference package: for an amendment, the
version it amends (what the mover changed in that text); for a new proposal, the mover's own previous tabled
package (as in the bilateral dance, where a move is the step between one's consecutive offers). A delegation's
first new proposal has no reference: it is that delegation's *opening*, not a move.

For a move by delegation m from package p to package q:

- Δown = points_m(q) − points_m(p), the mover's own change;
- Δothers = Σ over every other delegation d of points_d(q) − points_d(p), the others' joint change (the same
  sum the debrief's joint gain uses; BATNAs cancel out, so it is also the change of the others' margins).

Each move is exactly one of (a partition of every (Δown, Δothers)):

| class        | Δown | Δothers | reads as                                                     |
|--------------|------|---------|--------------------------------------------------------------|
| fortunate    | > 0  | > 0     | better for the mover and for the others                      |
| selfish      | > 0  | ≤ 0     | better for the mover, no better for the others               |
| nice         | = 0  | > 0     | the same for the mover, better for the others                |
| silent       | = 0  | = 0     | changes nothing anyone cares about                           |
| concession   | < 0  | ≥ 0     | the mover gives up points, the others lose nothing           |
| unfortunate  | ≤ 0  | < 0     | the mover gains nothing and the others lose                  |

These are Hindriks, Jonker and Tykhonov's bilateral classes with "the other" read as "the others together".
Because a sum can hide a split, each move also says whether it is *mixed*: at least one other delegation gains
and at least one loses. Each move also records its change of joint gain and of distance to the Pareto frontier
(toward the frontier when the distance shrinks).

**Post-settlement candidates.** For an adopted package a: the packages q with points_d(q) ≥ points_d(a) for
every delegation d, strictly more for at least one (a Pareto improvement), that the decision rule adopts under
sincere voting (``analysis.PackageSpace.adoptable``), and that are on the Pareto frontier. Restricting to the
frontier loses nothing: whenever some improvement is adoptable, a frontier package dominating it is too
(adoption under sincere voting only grows with points), and accepting it leaves no further improvement. The
*nearest* are those that reopen the fewest issues (options differing from a); ties go to the larger joint gain,
then to the larger smallest gain over a (the delegation that gains least gains most), then enumeration order.
At most ``limit`` (5) are offered. None when a is already on the frontier (or there is no agreement).
*Value recovered* by an adopted improvement = its joint gain − the agreement's joint gain.

**Estimates of the other side.** A delegation's true priority for an issue is the spread of its points over
that issue's options (max − min: how much the issue can move its total). An estimate gives each issue a
non-negative weight (a ranking is turned into weights n, n−1, …, 1). Scored by:

- *Spearman's ρ* between estimated and true priorities (average ranks for ties; None when either side gives
  every issue the same priority): 1 = same order, −1 = reversed;
- *weighted error*: half the L1 distance between the two weight vectors, each normalised to sum 1 (the share of
  importance put on the wrong issues): 0 = exact, 1 = all importance on issues that matter nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from simulations.analysis import AnalysisError, Package, ScoringSheet, _number, _package_at, _row_of

FORTUNATE = "fortunate"
SELFISH = "selfish"
NICE = "nice"
SILENT = "silent"
CONCESSION = "concession"
UNFORTUNATE = "unfortunate"
MOVE_CLASSES = (CONCESSION, SELFISH, FORTUNATE, UNFORTUNATE, NICE, SILENT)
POST_SETTLEMENT_LIMIT = 5

MOVE_DEFINITIONS = {
    FORTUNATE: "better for the mover and for the others together",
    SELFISH: "better for the mover, no better for the others together",
    NICE: "the same for the mover, better for the others together",
    SILENT: "the same for the mover and for the others together",
    CONCESSION: "the mover gives up points, the others together lose nothing",
    UNFORTUNATE: "the mover gains nothing and the others together lose",
}


def classify_move(own_change: float, others_change: float) -> str:
    """The class of a move from the mover's own change and the others' joint change (see the module docstring)."""
    if own_change > 0:
        return FORTUNATE if others_change > 0 else SELFISH
    if own_change == 0:
        if others_change > 0:
            return NICE
        return SILENT if others_change == 0 else UNFORTUNATE
    return CONCESSION if others_change >= 0 else UNFORTUNATE


@dataclass(frozen=True)
class Tabled:
    """One tabled package in the order of the table: ``parent`` is the key of the version it amends, if any."""

    key: str  # e.g. the proposal's id
    label: str  # "Proposal 2 v3"
    delegation: str
    package: Mapping[str, str]
    parent: str | None = None
    at: object = None  # when it was tabled (the caller's timestamp; carried through)


@dataclass(frozen=True)
class DanceStep:
    index: int  # position in the table's order
    key: str
    label: str
    mover: str
    at: object
    package: Package
    points: dict[str, float]  # every delegation's points for this package
    joint_gain: float
    distance_to_frontier: float
    on_frontier: bool
    from_key: str | None  # the reference package (None for an opening)
    from_label: str | None
    own_change: float | None
    others_change: float | None
    joint_gain_change: float | None
    move_class: str | None  # None for an opening
    mixed: bool = False  # some other delegation gains while another loses

    distance_change: float = 0  # negative: toward the frontier

    @property
    def toward_frontier(self) -> bool | None:
        return None if self.from_key is None else self.distance_change < 0


@dataclass(frozen=True)
class Dance:
    steps: tuple[DanceStep, ...]
    counts: dict[str, dict[str, int]]  # delegation -> move class -> count (every class present, 0 included)
    batna: dict[str, float]

    @property
    def moves(self) -> tuple[DanceStep, ...]:
        return tuple(step for step in self.steps if step.move_class is not None)


def dance(sheet: ScoringSheet, tabled: Sequence[Tabled]) -> Dance:
    """Every tabled package with its points and place against the frontier, and each move classified."""
    space = sheet.space
    delegations = sheet.delegations
    column = {d: n for n, d in enumerate(delegations)}
    frontier_rows = np.flatnonzero(space.on_frontier)
    frontier_scores = space.scores[frontier_rows]
    frontier_gains = space.joint_gains[frontier_rows]
    by_key: dict[str, int] = {}
    steps: list[DanceStep] = []
    distances: dict[int, float] = {}
    counts = {d: dict.fromkeys(MOVE_CLASSES, 0) for d in delegations}

    def distance(row: int) -> float:
        if row not in distances:
            if space.on_frontier[row]:
                distances[row] = 0.0
            else:
                covering = (frontier_scores >= space.scores[row]).all(axis=1)
                best = float(frontier_gains[covering].max()) if covering.any() else float(space.joint_gains[row])
                distances[row] = max(0.0, best - float(space.joint_gains[row]))
        return distances[row]

    labels: dict[str, str] = {}
    own_last: dict[str, str] = {}  # each delegation's last tabled package
    for index, item in enumerate(tabled):
        if item.delegation not in column:
            raise AnalysisError(f"Unknown delegation {item.delegation!r}.")
        row = _row_of(sheet, item.package)
        from_key = item.parent if item.parent is not None and item.parent in by_key else own_last.get(item.delegation)
        from_row = by_key[from_key] if from_key is not None else None
        scores = space.scores[row]
        values = {d: _number(sheet, scores[column[d]]) for d in delegations}
        own = others = gain_change = dist_change = None
        move_class, mixed = None, False
        if from_row is not None:
            diff = scores - space.scores[from_row]
            mover = column[item.delegation]
            own = float(diff[mover])
            rest = np.delete(diff, mover)
            others = float(rest.sum())
            mixed = bool((rest > 0).any() and (rest < 0).any())
            move_class = classify_move(own, others)
            counts[item.delegation][move_class] += 1
            gain_change = _number(sheet, space.joint_gains[row] - space.joint_gains[from_row])
            dist_change = _number(sheet, distance(row) - distance(from_row))
            own, others = _number(sheet, own), _number(sheet, others)
        steps.append(
            DanceStep(
                index=index,
                key=item.key,
                label=item.label,
                mover=item.delegation,
                at=item.at,
                package=dict(item.package),
                points=values,
                joint_gain=_number(sheet, space.joint_gains[row]),
                distance_to_frontier=_number(sheet, distance(row)),
                on_frontier=bool(space.on_frontier[row]),
                from_key=from_key,
                from_label=labels.get(from_key),
                own_change=own,
                others_change=others,
                joint_gain_change=gain_change,
                move_class=move_class,
                mixed=mixed,
                distance_change=dist_change or 0,
            )
        )
        by_key[item.key] = row
        labels[item.key] = item.label
        own_last[item.delegation] = item.key
    return Dance(steps=tuple(steps), counts=counts, batna=dict(sheet.batna))


# --- Post-settlement ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Improvement:
    package: Package
    points: dict[str, float]
    gains: dict[str, float]  # points − the agreement's points, per delegation (all ≥ 0, one > 0)
    joint_gain: float
    joint_gain_recovered: float  # joint gain − the agreement's joint gain
    issues_changed: int


def post_settlement_candidates(
    sheet: ScoringSheet, agreement: Mapping[str, str] | None, *, limit: int = POST_SETTLEMENT_LIMIT
) -> list[Improvement]:
    """The adoptable frontier packages that Pareto-improve ``agreement``, nearest first (module docstring)."""
    if agreement is None:
        return []
    space = sheet.space
    base = _row_of(sheet, agreement)
    base_scores = space.scores[base]
    mask = space.on_frontier & space.adoptable
    mask &= (space.scores >= base_scores).all(axis=1)
    mask &= (space.scores > base_scores).any(axis=1)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return []
    changed = (space.choices[rows] != space.choices[base]).sum(axis=1)
    gains = space.scores[rows] - base_scores
    smallest_gain = gains.min(axis=1)
    order = np.lexsort((rows, -smallest_gain, -space.joint_gains[rows], changed))[:limit]
    base_gain = float(space.joint_gains[base])
    result = []
    for n in order:
        row = int(rows[n])
        result.append(
            Improvement(
                package=_package_at(sheet, row),
                points={d: _number(sheet, space.scores[row, c]) for c, d in enumerate(sheet.delegations)},
                gains={d: _number(sheet, gains[n, c]) for c, d in enumerate(sheet.delegations)},
                joint_gain=_number(sheet, space.joint_gains[row]),
                joint_gain_recovered=_number(sheet, float(space.joint_gains[row]) - base_gain),
                issues_changed=int(changed[n]),
            )
        )
    return result


# --- Estimates of the other side ------------------------------------------------------------------------------


def true_priorities(sheet: ScoringSheet, delegation: str) -> dict[str, float]:
    """The spread (max − min points) of each issue for ``delegation``: what the issue can swing."""
    if delegation not in sheet.batna:
        raise AnalysisError(f"Unknown delegation {delegation!r}.")
    result = {}
    for issue in sheet.issues:
        values = [sheet.points[(delegation, issue.key, option)] for option in issue.options]
        result[issue.key] = _number(sheet, max(values) - min(values))
    return result


def weights_from_ranking(ranking: Sequence[str]) -> dict[str, float]:
    """Issues listed from most to least important → weights n, n−1, …, 1."""
    n = len(ranking)
    return {issue: float(n - position) for position, issue in enumerate(ranking)}


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks (1 = smallest), ties sharing the mean of their positions."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    return ranks


@dataclass(frozen=True)
class EstimateScore:
    target: str
    spearman: float | None  # None when either side ranks every issue the same
    weighted_error: float  # ½ Σ |ŵ − w| with both normalised to sum 1; 0 = exact
    true_weights: dict[str, float]
    estimated_weights: dict[str, float]


def score_estimate(sheet: ScoringSheet, target: str, estimate: Mapping[str, float]) -> EstimateScore:
    """Score one estimate of ``target``'s priorities (issue → non-negative weight) against its true sheet."""
    truth = true_priorities(sheet, target)
    keys = [issue.key for issue in sheet.issues]
    unknown = set(estimate) - set(keys)
    if unknown:
        raise AnalysisError(f"The estimate names an unknown issue {sorted(unknown)[0]!r}.")
    guess = np.array([float(estimate.get(key, 0) or 0) for key in keys], dtype=np.float64)
    if (guess < 0).any():
        raise AnalysisError("An estimated weight cannot be negative.")
    real = np.array([float(truth[key]) for key in keys], dtype=np.float64)
    spearman = None
    if len(keys) > 1 and np.ptp(guess) > 0 and np.ptp(real) > 0:
        spearman = float(np.corrcoef(_ranks(guess), _ranks(real))[0, 1])
    guess_share = guess / guess.sum() if guess.sum() > 0 else np.full(len(keys), 1 / len(keys))
    real_share = real / real.sum() if real.sum() > 0 else np.full(len(keys), 1 / len(keys))
    error = float(np.abs(guess_share - real_share).sum() / 2)
    return EstimateScore(
        target=target,
        spearman=None if spearman is None else round(spearman, 4),
        weighted_error=round(error, 4),
        true_weights=truth,
        estimated_weights={key: float(guess[n]) for n, key in enumerate(keys)},
    )


@dataclass(frozen=True)
class EstimateSummary:
    """A delegation's estimates of several others: the mean of each measure over the targets it estimated."""

    scores: tuple[EstimateScore, ...] = field(default_factory=tuple)

    @property
    def mean_spearman(self) -> float | None:
        values = [s.spearman for s in self.scores if s.spearman is not None]
        return round(sum(values) / len(values), 4) if values else None

    @property
    def mean_weighted_error(self) -> float | None:
        if not self.scores:
            return None
        return round(sum(s.weighted_error for s in self.scores) / len(self.scores), 4)
