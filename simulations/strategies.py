"""Negotiation strategies for scripted delegations (bots), chosen per seat. Pure Python + numpy; no Django.

Each strategy answers two questions from the delegation's own sheet only (it never reads another delegation's
points, as a person could not): which package to table now, and whether to vote yes on a package. Progress
τ ∈ [0, 1] is how far the run is (the bots use round number / number of rounds; the bench uses move / moves).

The aspiration at τ is the time-dependent concession curve of the negotiation-agent literature (Faratin,
Sierra and Jennings): ``aspiration = best − (best − floor) · τ^(1/β)``, where best is the delegation's best
points and floor its lowest acceptable points. β < 1 concedes late (Boulware), β > 1 early (Conceder).

- ``sincere`` (the default; the bots' behaviour before strategies): tables its best package the rule would
  adopt, supports rather than duplicates, votes yes exactly above its BATNA.
- ``hard_liner``: β = 0.2 and a floor 60 % of the way from its BATNA to its best; tables the package at its
  aspiration that costs it least; votes yes only at or above its floor.
- ``concession_maker``: β = 2 down to just above its BATNA; tables the package just above its aspiration that is
  best for the others *as it guesses them*; since it cannot see their points, it takes the package closest (in
  options changed) to the package standing on the table; votes yes above its BATNA.
- ``integrative``: β = 1 (linear) down to just above its BATNA; among packages at or above its aspiration it
  keeps its own high-priority issues and trades the rest: it takes the one closest to the standing package,
  then with the most points for itself on its own most important issues; votes yes above its BATNA.
- ``free_rider``: never tables or amends; supports the best standing package for it and votes yes above its
  BATNA (others do the work).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from simulations.analysis import Package, ScoringSheet, _package_at, _row_of

SINCERE = "sincere"
HARD_LINER = "hard_liner"
CONCESSION_MAKER = "concession_maker"
INTEGRATIVE = "integrative"
FREE_RIDER = "free_rider"


@dataclass(frozen=True)
class Strategy:
    key: str
    label: str
    beta: float | None  # None: does not follow a concession curve
    floor_share: float  # floor = BATNA + share · (best − BATNA); 0 means "just above the BATNA"
    tables: bool = True


STRATEGIES = {
    s.key: s
    for s in (
        Strategy(SINCERE, "Sincere", None, 0.0),
        Strategy(HARD_LINER, "Hard-liner", 0.2, 0.6),
        Strategy(CONCESSION_MAKER, "Concession-maker", 2.0, 0.0),
        Strategy(INTEGRATIVE, "Integrative bargainer", 1.0, 0.0),
        Strategy(FREE_RIDER, "Free rider", None, 0.0, tables=False),
    )
}


def get_strategy(key: str) -> Strategy:
    try:
        return STRATEGIES[key]
    except KeyError:
        raise ValueError(f"Unknown strategy {key!r}; choose one of {', '.join(STRATEGIES)}.") from None


def _column(sheet: ScoringSheet, delegation: str) -> int:
    return sheet.delegations.index(delegation)


def floor_points(sheet: ScoringSheet, delegation: str, strategy: Strategy) -> float:
    best = float(sheet.space.scores[:, _column(sheet, delegation)].max())
    batna = float(sheet.batna[delegation])
    return batna + strategy.floor_share * max(0.0, best - batna)


def aspiration(sheet: ScoringSheet, delegation: str, strategy: Strategy, progress: float) -> float:
    best = float(sheet.space.scores[:, _column(sheet, delegation)].max())
    floor = floor_points(sheet, delegation, strategy)
    if strategy.beta is None or best <= floor:
        return best
    tau = min(1.0, max(0.0, progress))
    return best - (best - floor) * tau ** (1 / strategy.beta)


def _own_issue_weights(sheet: ScoringSheet, delegation: str) -> np.ndarray:
    return np.array(
        [
            max(sheet.points[(delegation, i.key, o)] for o in i.options)
            - min(sheet.points[(delegation, i.key, o)] for o in i.options)
            for i in sheet.issues
        ],
        dtype=np.float64,
    )


def choose_package(
    sheet: ScoringSheet,
    delegation: str,
    strategy_key: str,
    progress: float,
    standing: Mapping[str, str] | None = None,
    avoid: Iterable[Mapping[str, str]] = (),
) -> Package | None:
    """The package this delegation tables now (None: it tables nothing). Uses only its own points. Packages in
    ``avoid`` (e.g. those it tabled already) are passed over for its next choice."""
    strategy = get_strategy(strategy_key)
    if not strategy.tables:
        return None
    space = sheet.space
    column = _column(sheet, delegation)
    own = space.scores[:, column]
    batna = float(sheet.batna[delegation])
    allowed = np.ones(len(own), dtype=bool)
    for package in avoid:
        allowed[_row_of(sheet, package)] = False
    if strategy.beta is None:  # sincere: the best package for it that beats its BATNA
        rows = np.flatnonzero((own > batna) & allowed)
        if not len(rows):
            return None
        return _package_at(sheet, int(rows[np.argmax(own[rows])]))
    target = aspiration(sheet, delegation, strategy, progress)
    rows = np.flatnonzero((own >= target) & (own > batna) & allowed)
    if not len(rows):  # nothing new at its aspiration: the next best new package above its BATNA, if any
        rows = np.flatnonzero((own > batna) & allowed)
        if not len(rows):
            return None
        rows = rows[own[rows] == own[rows].max()]
    if standing is not None:
        near = (space.choices[rows] != space.choices[_row_of(sheet, standing)]).sum(axis=1)
    else:
        near = np.zeros(len(rows), dtype=np.int64)
    if strategy.key == HARD_LINER:  # the cheapest package at its aspiration, ties: the closest to the table
        order = np.lexsort((rows, near, own[rows]))
    elif strategy.key == CONCESSION_MAKER:  # closest to the table, then the cheapest for itself
        order = np.lexsort((rows, own[rows], near))
    else:  # integrative: closest to the table, then the most on its own important issues
        weights = _own_issue_weights(sheet, delegation)
        top = weights >= np.median(weights)
        key_points = np.zeros(len(rows))
        for i_index, issue in enumerate(sheet.issues):
            if top[i_index]:
                table = np.array([sheet.points[(delegation, issue.key, o)] for o in issue.options])
                key_points += table[space.choices[rows, i_index]]
        order = np.lexsort((rows, -key_points, near))
    return _package_at(sheet, int(rows[order[0]]))


def votes_yes(sheet: ScoringSheet, delegation: str, strategy_key: str, package: Mapping[str, str]) -> bool:
    """Whether this delegation votes yes on ``package`` (own points only)."""
    strategy = get_strategy(strategy_key)
    points = float(sheet.space.scores[_row_of(sheet, package), _column(sheet, delegation)])
    if strategy.key == HARD_LINER:
        return points >= floor_points(sheet, delegation, strategy) and points > sheet.batna[delegation]
    return points > sheet.batna[delegation]
