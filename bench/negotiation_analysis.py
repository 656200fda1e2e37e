"""Benchmark: the full debrief analysis of a scenario with 8 delegations and 5 issues of 5 options each.

Builds a seeded random scoring sheet (3,125 packages), then times, from a fresh sheet each time (nothing
cached): enumeration and scores of every package, the Pareto frontier, the zone of agreement and its frontier,
the Nash package, the best achievable joint gain, an agreement's analysis with its distance to the frontier,
and every delegation's best package (what a bot asks). Target: median under 1000 ms.

Second figure (issue 17): a bot-played run of the same sheet, the seats playing the strategies of
simulations.strategies in turn (hard-liner, concession-maker, integrative bargainer, free rider), until 200
packages are tabled; then, each from a fresh sheet, the dance (every move classified, counted per delegation,
with its distance to the frontier) and the post-settlement candidates for the last adoptable package tabled
(``post_settlement_ms``) and, since that one may have nothing to offer, for the last adoptable package tabled
that has improvements to offer (``post_settlement_improvable_ms``). Targets: each under 500 ms.

Run from the repository root: .venv/bin/python bench/negotiation_analysis.py [--repeat N] [--seed S]
The last line printed is one JSON object.
"""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulations.analysis import (  # noqa: E402
    DecisionRule,
    Issue,
    ScoringSheet,
    agreement_frontier,
    analyse_agreement,
    analyse_sheet,
    best_package_for,
    is_adoptable,
    pareto_frontier,
)
from simulations.dance import MOVE_CLASSES, Tabled, dance, post_settlement_candidates  # noqa: E402
from simulations.strategies import CONCESSION_MAKER, FREE_RIDER, HARD_LINER, INTEGRATIVE, choose_package  # noqa: E402

DELEGATIONS = 8
ISSUES = 5
OPTIONS = 5


def build_sheet(seed: int) -> ScoringSheet:
    """Each delegation spreads 100 points of importance over the issues (so priorities differ) and scores each
    option between 0 and that weight; BATNAs sit at 45 % of the delegation's best possible total."""
    rng = random.Random(seed)
    delegations = tuple(f"delegation_{n + 1}" for n in range(DELEGATIONS))
    issues = tuple(Issue(f"issue_{n + 1}", tuple(f"option_{m + 1}" for m in range(OPTIONS))) for n in range(ISSUES))
    points, batna = {}, {}
    for delegation in delegations:
        cuts = sorted(rng.sample(range(1, 100), ISSUES - 1))
        weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        for issue, weight in zip(issues, weights, strict=True):
            values = [rng.randint(0, weight) for _ in issue.options]
            values[rng.randrange(OPTIONS)] = weight  # every issue has a best option worth its full weight
            for option, value in zip(issue.options, values, strict=True):
                points[(delegation, issue.key, option)] = value
        batna[delegation] = 45
    rule = DecisionRule("k_of_n", k=6, required=delegations[:2], veto=delegations[2:3])
    return ScoringSheet(delegations, issues, points, batna, rule)


def run_analysis(sheet: ScoringSheet) -> dict:
    summary = analyse_sheet(sheet)
    frontier = pareto_frontier(sheet)
    zone_frontier = agreement_frontier(sheet)
    agreement = zone_frontier[-1] if zone_frontier else None
    result = analyse_agreement(sheet, agreement)
    bots = {d: best_package_for(sheet, d, acceptable_only=True) for d in sheet.delegations}
    return {
        "frontier": len(frontier),
        "agreement_frontier": len(zone_frontier),
        "zone": summary.zone_size,
        "adoptable": summary.adoptable_count,
        "best_achievable_joint_gain": summary.best_achievable_joint_gain,
        "agreement_distance": result.distance_to_frontier,
        "bots_with_a_package": sum(1 for p in bots.values() if p is not None),
    }


MOVES = 200
SEAT_STRATEGIES = (HARD_LINER, CONCESSION_MAKER, INTEGRATIVE, FREE_RIDER)


def play_bots(sheet: ScoringSheet, moves: int = MOVES) -> tuple[list[Tabled], dict[str, str]]:
    """Seats take turns; each tables its strategy's package for the run's progress, never one it tabled before
    (as the bots do). Progress runs over 2 × moves turns."""
    seats = {d: SEAT_STRATEGIES[n % len(SEAT_STRATEGIES)] for n, d in enumerate(sheet.delegations)}
    tabled: list[Tabled] = []
    own: dict[str, list] = {d: [] for d in sheet.delegations}
    standing = None
    turn = 0
    while len(tabled) - len({t.delegation for t in tabled}) < moves and turn < 20 * moves:  # openings aside
        delegation = sheet.delegations[turn % len(sheet.delegations)]
        progress = min(1.0, turn / (2 * moves))
        package = choose_package(sheet, delegation, seats[delegation], progress, standing, avoid=own[delegation])
        turn += 1
        if package is None or package == standing:
            continue
        tabled.append(Tabled(str(len(tabled) + 1), f"Proposal {len(tabled) + 1}", delegation, package))
        own[delegation].append(package)
        standing = package
    return tabled, seats


def run_dance(seed: int, tabled: list[Tabled]) -> tuple[float, float, float, dict]:
    """Times the dance and the candidates on a sheet whose package space is built (the debrief's analysis, the
    first figure, builds it once per sheet and both reuse it), and the dance from a fresh sheet (cold)."""
    cold = build_sheet(seed)
    started = time.perf_counter()
    dance(cold, tabled)
    cold_ms = (time.perf_counter() - started) * 1000
    sheet = build_sheet(seed)
    sheet.space  # noqa: B018 (built here, timed in the first figure)
    started = time.perf_counter()
    result = dance(sheet, tabled)
    dance_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    adoptable = [t.package for t in tabled if is_adoptable(sheet, t.package)]
    agreement = adoptable[-1] if adoptable else None
    candidates = post_settlement_candidates(sheet, agreement)
    post_ms = (time.perf_counter() - started) * 1000
    improvable = [p for p in adoptable if post_settlement_candidates(sheet, p, limit=1)]
    # The last agreement may sit on the frontier (nothing to offer, found quickly): also time one that has
    # improvements to offer, the last adoptable package tabled with a Pareto improvement the rule adopts.
    improvable_ms, improvable_candidates = None, 0
    if improvable:
        started = time.perf_counter()
        improvable_candidates = len(post_settlement_candidates(sheet, improvable[-1]))
        improvable_ms = (time.perf_counter() - started) * 1000
    classes = {c: sum(counts[c] for counts in result.counts.values()) for c in MOVE_CLASSES}
    facts = {
        "moves": len(result.moves),
        "tabled": len(result.steps),
        "classes": classes,
        "toward_frontier": sum(1 for s in result.moves if s.toward_frontier),
        "away_from_frontier": sum(1 for s in result.moves if s.distance_change > 0),
        "candidates": len(candidates),
        "best_recovered": max((c.joint_gain_recovered for c in candidates), default=0),
        "adoptable_tabled": len(adoptable),
        "improvable_tabled": len(improvable),
        "improvable_candidates": improvable_candidates,
        "improvable_ms": improvable_ms,
    }
    return dance_ms, post_ms, cold_ms, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    timings, facts = [], {}
    for _ in range(args.repeat):
        sheet = build_sheet(args.seed)  # fresh sheet: no cached package space
        started = time.perf_counter()
        facts = run_analysis(sheet)
        timings.append((time.perf_counter() - started) * 1000)
    tabled, seats = play_bots(build_sheet(args.seed))
    dance_timings, post_timings, cold_timings, improvable_timings, dance_facts = [], [], [], [], {}
    for _ in range(args.repeat):
        dance_ms, post_ms, cold_ms, dance_facts = run_dance(args.seed, tabled)
        cold_timings.append(cold_ms)
        dance_timings.append(dance_ms)
        post_timings.append(post_ms)
        if dance_facts["improvable_ms"] is not None:
            improvable_timings.append(dance_facts["improvable_ms"])
    packages = OPTIONS**ISSUES
    median = statistics.median(timings)
    dance_median, post_median = statistics.median(dance_timings), statistics.median(post_timings)
    improvable_median = statistics.median(improvable_timings) if improvable_timings else None
    print(
        f"Full analysis of {packages} packages × {DELEGATIONS} delegations: median {median:.1f} ms, "
        f"min {min(timings):.1f} ms, max {max(timings):.1f} ms over {args.repeat} runs "
        f"(frontier {facts['frontier']}, zone of agreement {facts['zone']}, target < 1000 ms)"
    )
    print(
        f"Dance of a bot-played run ({len(tabled)} packages tabled, {dance_facts['moves']} moves; seats: "
        + ", ".join(f"{d[-1]} {s}" for d, s in seats.items())
        + f"): median {dance_median:.1f} ms; moves by class {dance_facts['classes']}, "
        f"{dance_facts['toward_frontier']} toward and {dance_facts['away_from_frontier']} away from the frontier. "
        f"Post-settlement candidates for the last adoptable package: {dance_facts['candidates']} "
        f"(best recovers {dance_facts['best_recovered']}), median {post_median:.1f} ms (targets < 500 ms); "
        f"of the {dance_facts['adoptable_tabled']} adoptable packages tabled, {dance_facts['improvable_tabled']} "
        "had a Pareto improvement the rule adopts"
        + (
            f"; for the last of those: {dance_facts['improvable_candidates']} candidates, median {improvable_median:.1f} ms"
            if improvable_median is not None
            else ""
        )
    )
    print(
        json.dumps(
            {
                "packages": packages,
                "delegations": DELEGATIONS,
                "issues": ISSUES,
                "repeat": args.repeat,
                "analysis_ms": round(median, 1),
                "min_ms": round(min(timings), 1),
                "max_ms": round(max(timings), 1),
                "target_ms": 1000,
                "ok": median < 1000 and dance_median < 500 and max(post_median, improvable_median or 0) < 500,
                **facts,
                "dance_moves": dance_facts["moves"],
                "dance_classes": dance_facts["classes"],
                "post_settlement_candidates": dance_facts["candidates"],
                "improvable_tabled": dance_facts["improvable_tabled"],
                "dance_ms": round(dance_median, 1),
                "dance_cold_ms": round(statistics.median(cold_timings), 1),
                "post_settlement_ms": round(post_median, 1),
                "post_settlement_improvable_candidates": dance_facts["improvable_candidates"],
                "post_settlement_improvable_ms": round(improvable_median, 1) if improvable_median is not None else None,
            }
        )
    )


if __name__ == "__main__":
    main()
